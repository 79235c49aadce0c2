package org.oauth2kit;

import java.util.Objects;
import java.util.Optional;

import org.oauth2kit.web.Response;

/**
 * The outcome of {@link Provider#validateBearer}: either the validated token, or the exact
 * response RFC 6750 prescribes (401 or 403 with {@code WWW-Authenticate}, 400 for malformed
 * requests, 503 when the store is down), which an adapter sends as it is.
 */
public sealed interface BearerResult {

    /** The token is valid, unexpired, unrevoked, and carries every required scope. */
    record Authorized(AccessToken token) implements BearerResult {
        public Authorized {
            Objects.requireNonNull(token, "token");
        }
    }

    /** The request must be refused with this response. */
    record Rejected(Response response) implements BearerResult {
        public Rejected {
            Objects.requireNonNull(response, "response");
        }
    }

    default boolean isAuthorized() {
        return this instanceof Authorized;
    }

    /** The token when authorized. */
    default Optional<AccessToken> accessToken() {
        return this instanceof Authorized a ? Optional.of(a.token()) : Optional.empty();
    }

    /** The refusal to send when not authorized. */
    default Optional<Response> rejection() {
        return this instanceof Rejected r ? Optional.of(r.response()) : Optional.empty();
    }
}
