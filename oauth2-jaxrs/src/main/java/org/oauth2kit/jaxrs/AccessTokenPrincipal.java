package org.oauth2kit.jaxrs;

import java.security.Principal;
import java.util.Objects;

import org.oauth2kit.AccessToken;

/**
 * The caller of a request that {@link BearerTokenFilter} let through, as the
 * {@link jakarta.ws.rs.core.SecurityContext#getUserPrincipal() user principal}.
 *
 * @param token the validated access token
 */
public record AccessTokenPrincipal(AccessToken token) implements Principal {
    public AccessTokenPrincipal {
        Objects.requireNonNull(token, "token");
    }

    /** The user's id ({@link AccessToken#subject()}), or the client's id for a token without a user. */
    @Override
    public String getName() {
        String subject = token.subject();
        return subject != null ? subject : token.clientId();
    }
}
