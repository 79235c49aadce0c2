package org.oauth2kit.grant;

import java.util.Map;
import java.util.Objects;

import org.oauth2kit.Client;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.web.Request;
import org.jspecify.annotations.Nullable;

/**
 * One request, as a grant sees it: the authenticated (token endpoint) or identified
 * (authorization endpoint) client, the decoded parameters, the raw request and environ, the
 * redirect URI at the authorization endpoint, and the {@link Engine}.
 */
public final class GrantContext {
    private final Client client;
    private final Map<String, String> parameters;
    private final Request request;
    private final Map<String, Object> environ;
    private final Engine engine;
    private final @Nullable String redirectUri;
    private final boolean redirectUriSent;
    private final @Nullable String dpopThumbprint;

    /**
     * @param parameters  the decoded parameters, one value each (repeats were refused before)
     * @param redirectUri at the authorization endpoint the redirect URI in use; null at the token endpoint
     * @param redirectUriSent whether the client sent {@code redirect_uri} (R13)
     */
    public GrantContext(Client client, Map<String, String> parameters, Request request,
            @Nullable Map<String, Object> environ,
            Engine engine, @Nullable String redirectUri, boolean redirectUriSent) {
        this(client, parameters, request, environ, engine, redirectUri, redirectUriSent, null);
    }

    /**
     * @param dpopThumbprint at the token endpoint, the thumbprint of the key of a verified DPoP proof
     *                       (RFC 9449); null when the request carried none
     */
    public GrantContext(Client client, Map<String, String> parameters, Request request,
            @Nullable Map<String, Object> environ, Engine engine, @Nullable String redirectUri,
            boolean redirectUriSent, @Nullable String dpopThumbprint) {
        this.dpopThumbprint = dpopThumbprint;
        this.client = Objects.requireNonNull(client, "client");
        this.parameters = Map.copyOf(parameters);
        this.request = Objects.requireNonNull(request, "request");
        this.environ = environ == null ? Map.of() : environ;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.redirectUri = redirectUri;
        this.redirectUriSent = redirectUriSent;
    }

    public Client client() {
        return client;
    }

    /** A decoded parameter, or null. */
    public @Nullable String parameter(String name) {
        return parameters.get(name);
    }

    /** A decoded parameter that must be there: {@code invalid_request} when it is not. */
    public String requireParameter(String name) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "missing parameter: " + name);
        }
        return value;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public Request request() {
        return request;
    }

    public Map<String, Object> environ() {
        return environ;
    }

    public Engine engine() {
        return engine;
    }

    /** The scopes {@code policy} grants for this request's {@code scope} parameter. */
    public java.util.List<String> scopes(ScopePolicy policy) {
        return policy.grant(parameter("scope"), client);
    }

    /** At the authorization endpoint: where the response goes. Null at the token endpoint. */
    public @Nullable String redirectUri() {
        return redirectUri;
    }

    /**
     * At the token endpoint, the RFC 7638 thumbprint of the key whose DPoP proof came with the
     * request (the tokens issued are bound to it); null without a proof.
     */
    public @Nullable String dpopThumbprint() {
        return dpopThumbprint;
    }

    /** At the authorization endpoint: whether the client sent {@code redirect_uri} itself. */
    public boolean redirectUriSent() {
        return redirectUriSent;
    }
}
