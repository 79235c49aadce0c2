package org.oauth2kit.endpoint;

import java.util.Map;

import org.oauth2kit.web.Response;

/**
 * An endpoint of an application's or an extension's own, served by the Provider next to the
 * built-in ones and registered with {@link org.oauth2kit.Provider.Builder#endpoint(Endpoint)}:
 * RFC 8628's device authorization endpoint and RFC 9126's pushed authorization request endpoint
 * are written on this interface and nothing else. Every adapter routes it, because it is among
 * {@link org.oauth2kit.Provider#paths()}; failures become OAuth error responses as for any endpoint.
 *
 * <p>An endpoint that also implements {@link AuthorizationRequestStage} takes part in every
 * authorization request.
 */
public interface Endpoint {

    /** The path below the adapter's mount point, e.g. {@code /device_authorization}; starts with '/'. */
    String path();

    /**
     * Members this endpoint adds to the RFC 8414 metadata (and OpenID Discovery), such as
     * {@code device_authorization_endpoint}. Values are strings, booleans, numbers or lists of strings.
     *
     * @param endpointUrl this endpoint's URL: the issuer followed by {@link #path()}
     */
    default Map<String, Object> metadata(String endpointUrl) {
        return Map.of();
    }

    /**
     * Answers one request. Throw {@link org.oauth2kit.error.OAuthBaseError} for an OAuth error;
     * anything else becomes a 500 {@code server_error} without internals.
     */
    Response handle(EndpointContext context);
}
