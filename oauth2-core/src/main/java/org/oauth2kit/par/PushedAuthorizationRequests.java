package org.oauth2kit.par;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.oauth2kit.Client;
import org.oauth2kit.endpoint.AuthorizationRequestStage;
import org.oauth2kit.endpoint.Endpoint;
import org.oauth2kit.endpoint.EndpointContext;
import org.oauth2kit.endpoint.FormRecord;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.web.Response;

/**
 * Pushed authorization requests (RFC 9126): a client sends the parameters of its authorization
 * request straight to the server, authenticated as at the token endpoint, and gets a
 * {@code request_uri} to send the user with. Written on the public extension SPI alone: the
 * endpoint is an {@link Endpoint}, the authorization endpoint reads pushed parameters through
 * {@link AuthorizationRequestStage}, and the requests are records of the {@link Engine#ephemeralStore()}.
 *
 * <p>The pushed parameters are validated as an authorization request would be. A
 * {@code request_uri} can be shown to the user any number of times while they sign in and decide
 * (the pages post back to the authorization endpoint), but it completes one authorization only:
 * the record is taken from the store, atomically, right before the response is sent.
 *
 * <pre>{@code
 * Provider.builder()...endpoint(PushedAuthorizationRequests.builder().requiredFor(c -> !c.isConfidential()).build())
 * }</pre>
 */
public final class PushedAuthorizationRequests implements Endpoint, AuthorizationRequestStage {
    /** RFC 9126 §2.2: the {@code request_uri} prefix. */
    public static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
    static final String KIND = "par";
    /** The record's expiry, among the parameters: a name no authorization request uses. */
    private static final String EXPIRES = " expires";

    private final String path;
    private final Duration lifetime;
    private final Predicate<Client> required;
    private final boolean requiredForAll;

    private PushedAuthorizationRequests(Builder b) {
        this.path = b.path;
        this.lifetime = b.lifetime;
        this.required = b.required;
        this.requiredForAll = b.requiredForAll;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Map<String, Object> metadata(String endpointUrl) {
        return Map.of("pushed_authorization_request_endpoint", endpointUrl,
                "require_pushed_authorization_requests", requiredForAll);
    }

    @Override
    public Response handle(EndpointContext context) {
        Map<String, String> form = context.form();
        Client client = context.authenticateClient();
        if (form.containsKey("request_uri")) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "request_uri cannot be pushed (RFC 9126 §2.1)");
        }
        if (form.containsKey("request")) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "request objects are not supported");
        }
        Map<String, String> parameters = new LinkedHashMap<>(form);
        // the credentials authenticated this request; they are not part of the authorization request
        parameters.remove("client_secret");
        parameters.put("client_id", client.clientId());
        context.validateAuthorizationRequest(client, parameters);

        Engine engine = context.engine();
        String handle = engine.newSecret();
        Instant expiresAt = engine.clock().instant().plus(lifetime);
        Map<String, String> record = new LinkedHashMap<>(parameters);
        record.put(EXPIRES, Long.toString(expiresAt.getEpochSecond()));
        if (!engine.ephemeralStore().add(KIND, engine.digest(handle), FormRecord.encode(record), expiresAt)) {
            throw new IllegalStateException("a fresh request_uri was taken");
        }
        String body = "{\"request_uri\":\"" + REQUEST_URI_PREFIX + handle + "\",\"expires_in\":" + lifetime.toSeconds()
                + "}";
        return Response.json(201, body).withHeader("Cache-Control", "no-store");
    }

    @Override
    public Map<String, String> resolve(Client client, Map<String, String> sent, Engine engine) {
        String requestUri = sent.get("request_uri");
        if (requestUri == null) {
            if (required.test(client)) {
                throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST,
                        "this client must push its authorization requests first (RFC 9126)");
            }
            return sent;
        }
        Map<String, String> pushed = read(requestUri, engine).orElseThrow(() -> new OAuthInvalidError(
                ErrorCode.INVALID_REQUEST, "request_uri is unknown, expired or already used"));
        if (!client.clientId().equals(pushed.get("client_id"))) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "request_uri was pushed by another client");
        }
        // RFC 9126 §4: the pushed parameters are the request; anything else sent alongside is ignored
        return pushed;
    }

    @Override
    public void complete(Client client, Map<String, String> sent, Engine engine) {
        String requestUri = sent.get("request_uri");
        if (requestUri != null && engine.ephemeralStore().take(KIND, digest(requestUri, engine)).isEmpty()) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "request_uri was already used");
        }
    }

    private static Optional<Map<String, String>> read(String requestUri, Engine engine) {
        if (!requestUri.startsWith(REQUEST_URI_PREFIX) || requestUri.length() > REQUEST_URI_PREFIX.length() + 128) {
            return Optional.empty();
        }
        return engine.ephemeralStore().get(KIND, digest(requestUri, engine)).map(FormRecord::decode).filter(
                record -> engine.clock().instant().isBefore(Instant.ofEpochSecond(Long.parseLong(record.remove(EXPIRES)))));
    }

    private static String digest(String requestUri, Engine engine) {
        return engine.digest(requestUri.substring(REQUEST_URI_PREFIX.length()));
    }

    /** Options; the defaults are RFC 9126's suggestions. */
    public static final class Builder {
        private String path = "/par";
        private Duration lifetime = Duration.ofSeconds(60);
        private Predicate<Client> required = c -> false;
        private boolean requiredForAll;

        private Builder() {
        }

        /** Where the endpoint is served, below the mount point; {@code /par} by default. */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** How long a {@code request_uri} may be used: 60 seconds by default, at most 10 minutes. */
        public Builder lifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("a request_uri lifetime is positive and at most 10 minutes");
            }
            this.lifetime = lifetime;
            return this;
        }

        /** Requires every client to push its authorization requests (metadata says so). */
        public Builder requiredForAll() {
            this.required = c -> true;
            this.requiredForAll = true;
            return this;
        }

        /** Requires the clients this predicate selects to push their authorization requests. */
        public Builder requiredFor(Predicate<Client> clients) {
            this.required = Objects.requireNonNull(clients, "clients");
            this.requiredForAll = false;
            return this;
        }

        public PushedAuthorizationRequests build() {
            return new PushedAuthorizationRequests(this);
        }
    }
}
