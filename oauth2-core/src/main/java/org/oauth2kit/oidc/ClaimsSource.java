package org.oauth2kit.oidc;

import java.util.Map;
import java.util.Set;

/**
 * Where the user's claims come from (OpenID Connect Core §5.1): the application's user directory.
 * Called for the UserInfo endpoint with the scopes the token carries; the Provider keeps only the
 * claims those scopes allow ({@code profile}, {@code email}, {@code address}, {@code phone}, §5.4)
 * and adds {@code sub}.
 */
@FunctionalInterface
public interface ClaimsSource {

    /**
     * @param subject  the user's id ({@code sub}), as the SiteAdapter gave it
     * @param userData what the SiteAdapter returned for the user when the grant was made
     * @return claims by name (strings, booleans, numbers, or a map for {@code address}); absent
     *         claims are left out
     */
    Map<String, Object> claims(String subject, Map<String, String> userData, Set<String> scopes);
}
