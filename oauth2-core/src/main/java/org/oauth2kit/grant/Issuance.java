package org.oauth2kit.grant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.oauth2kit.Client;
import org.jspecify.annotations.Nullable;

/**
 * What to issue, for {@link Engine#issue}.
 *
 * @param client              the client the tokens are for
 * @param grantType           the grant that issues them, kept with the token
 * @param data                the SiteAdapter's data about the user; empty for none
 * @param scopes              the granted scopes
 * @param familyId            the family the tokens join (revoked together, R15, R25); null for a new one
 * @param refresh             whether to add a refresh token, when the Provider serves the
 *                            refresh-token grant and the client may use it
 * @param accessTokenLifetime null for the Provider's default (or the refresh-token grant's, R27)
 */
public record Issuance(Client client, String grantType, Map<String, String> data, List<String> scopes,
        @Nullable String familyId, boolean refresh, @Nullable Duration accessTokenLifetime) {

    public Issuance {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(grantType, "grantType");
        data = data == null ? Map.of() : Map.copyOf(data);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        if (accessTokenLifetime != null && (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero())) {
            throw new IllegalArgumentException("access token lifetime must be positive");
        }
    }

    /** An access token alone, in a new family, with the default lifetime. */
    public static Issuance of(Client client, String grantType, Map<String, String> data, List<String> scopes) {
        return new Issuance(client, grantType, data, scopes, null, false, null);
    }

    /** Adds a refresh token when the Provider and the client allow one. */
    public Issuance withRefreshToken() {
        return new Issuance(client, grantType, data, scopes, familyId, true, accessTokenLifetime);
    }

    public Issuance inFamily(@Nullable String familyId) {
        return new Issuance(client, grantType, data, scopes, familyId, refresh, accessTokenLifetime);
    }

    /** Null keeps the default. */
    public Issuance lifetime(@Nullable Duration accessTokenLifetime) {
        return new Issuance(client, grantType, data, scopes, familyId, refresh, accessTokenLifetime);
    }
}
