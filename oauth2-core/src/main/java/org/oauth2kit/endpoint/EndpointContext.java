package org.oauth2kit.endpoint;

import java.util.List;
import java.util.Map;

import org.oauth2kit.Client;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.web.Request;

/**
 * One request to an {@link Endpoint}, with the core's own steps for it, so that an extension
 * reads forms, authenticates clients and validates authorization requests exactly as the built-in
 * endpoints do.
 */
public interface EndpointContext {

    Request request();

    Map<String, Object> environ();

    Engine engine();

    /**
     * The POSTed form, as the token endpoint reads it: POST only (405 otherwise),
     * {@code application/x-www-form-urlencoded} in UTF-8, within the size and count limits, no
     * parameter repeated. Failures are {@code invalid_request}.
     */
    Map<String, String> form();

    /**
     * The body as a JSON object ({@code application/json}, UTF-8, within the size limit); anything
     * else is {@code invalid_request}. Strings, numbers ({@code Long} or {@code Double}), booleans,
     * null, {@code List}s and {@code Map}s.
     */
    Map<String, Object> jsonBody();

    /** The grant types the Provider serves. */
    java.util.Set<String> grantTypes();

    /** The response types the Provider serves. */
    java.util.Set<String> responseTypes();

    /** The query's parameters, one value each; a repeated parameter is {@code invalid_request}. */
    Map<String, String> query();

    /**
     * Authenticates the client as the token endpoint does (HTTP Basic or {@code client_secret_post},
     * a public client by {@code client_id} alone); a failure is answered with 401 {@code invalid_client}.
     */
    Client authenticateClient();

    /**
     * Validates the parameters of an authorization request as the authorization endpoint does,
     * without any user interaction: {@code redirect_uri} registered (or the only one),
     * {@code response_type} served and allowed to the client, {@code scope} under the grant's policy,
     * and the grant's own checks (PKCE). Throws {@link org.oauth2kit.error.OAuthBaseError} when invalid.
     *
     * @return the granted scopes
     */
    List<String> validateAuthorizationRequest(Client client, Map<String, String> parameters);

    /** The full URL of a path of this Provider: the issuer followed by the path. */
    String url(String path);
}
