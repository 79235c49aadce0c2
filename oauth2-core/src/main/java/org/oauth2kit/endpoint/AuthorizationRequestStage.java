package org.oauth2kit.endpoint;

import java.util.Map;

import org.oauth2kit.Client;
import org.oauth2kit.grant.Engine;

/**
 * A step of every authorization request, for extensions that change where its parameters come
 * from (RFC 9126's {@code request_uri}) or that refuse requests. The authorization endpoint calls
 * {@link #resolve} once it knows the client, before it checks {@code redirect_uri}, on every visit
 * (the sign-in and consent pages post back to it); and {@link #complete} once, right before it
 * sends the authorization response.
 */
public interface AuthorizationRequestStage {

    /**
     * The parameters of the request to serve. Throw {@link org.oauth2kit.error.OAuthBaseError} to
     * refuse the request; the user then sees an error page, since the redirect URI is not yet known.
     *
     * @param sent the parameters as sent (one value each)
     */
    Map<String, String> resolve(Client client, Map<String, String> sent, Engine engine);

    /**
     * Called right before the authorization response is sent, after sign-in and consent; throw to
     * refuse it (the error is then redirected to the client). For a value that may be used once,
     * redeem it here, atomically.
     */
    default void complete(Client client, Map<String, String> sent, Engine engine) {
    }
}
