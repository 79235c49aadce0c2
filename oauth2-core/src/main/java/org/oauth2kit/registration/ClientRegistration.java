package org.oauth2kit.registration;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.oauth2kit.Client;
import org.oauth2kit.endpoint.Endpoint;
import org.oauth2kit.endpoint.EndpointContext;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthBaseError;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.internal.Json;
import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.jspecify.annotations.Nullable;

/**
 * Dynamic client registration (RFC 7591) and its management (RFC 7592), as an {@link Endpoint}:
 * {@code POST /register} with the client's metadata as JSON registers it in a
 * {@link ClientRegistry}; the answer carries the {@code client_id}, a generated
 * {@code client_secret} for confidential clients (kept as a digest only), a
 * {@code registration_access_token} and the {@code registration_client_uri}
 * ({@code /register?client_id=…}) where the client reads ({@code GET}), updates ({@code PUT}) and
 * deletes ({@code DELETE}) its registration with that token.
 *
 * <p>Metadata is validated: {@code redirect_uris} absolute, without fragment, https or http on a
 * loopback host ({@code invalid_redirect_uri}); {@code token_endpoint_auth_method} one of
 * {@code none}, {@code client_secret_basic}, {@code client_secret_post}; {@code grant_types} and
 * {@code response_types} consistent with each other (RFC 7591 §2.1), served by the Provider and
 * allowed for registration; {@code client_credentials} for confidential clients only;
 * {@code client_name} and {@code scope} text ({@code invalid_client_metadata}). Unknown members are
 * ignored, as RFC 7591 §2 says. Who may register is the {@link RegistrationPolicy}'s decision.
 */
public final class ClientRegistration implements Endpoint {
    /** {@link Client#metadata()} entries this endpoint writes. */
    public static final String CLIENT_NAME = "client_name";
    public static final String SCOPE = "scope";
    public static final String AUTH_METHOD = "token_endpoint_auth_method";
    public static final String ISSUED_AT = "client_id_issued_at";
    /** When the registration ends (epoch seconds); the Provider treats the client as unknown after it. */
    public static final String EXPIRES_AT = "expires_at";
    public static final String REGISTRATION_TOKEN_DIGEST = "registration_access_token_digest";

    private static final List<String> AUTH_METHODS = List.of("none", "client_secret_basic", "client_secret_post");

    private final String path;
    private final ClientRegistry registry;
    private final RegistrationPolicy policy;
    private final Set<String> allowedGrantTypes;
    private final @Nullable Duration lifetime;

    private ClientRegistration(Builder b) {
        this.path = b.path;
        this.registry = b.registry;
        this.policy = b.policy;
        this.allowedGrantTypes = Set.copyOf(b.allowedGrantTypes);
        this.lifetime = b.lifetime;
    }

    /** @param registry where registered clients are kept: the Provider's client store */
    public static Builder builder(ClientRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Map<String, Object> metadata(String endpointUrl) {
        return Map.of("registration_endpoint", endpointUrl);
    }

    @Override
    public Response handle(EndpointContext context) {
        Request request = context.request();
        String clientId = request.getParam("client_id");
        if (clientId == null) {
            if (!"POST".equals(request.method())) {
                throw OAuthInvalidError.invalidRequest("register with POST", 405);
            }
            Map<String, Object> sent = body(context);
            policy.check(request, sent);
            return register(context, sent);
        }
        Client client = authorizedClient(context, clientId);
        return switch (request.method()) {
            case "GET" -> json(200, describe(client, null, null, context));
            case "PUT" -> update(context, client);
            case "DELETE" -> {
                registry.removeClient(client.clientId());
                yield Response.of(204, "application/json;charset=UTF-8", "").withHeader("Cache-Control", "no-store");
            }
            default -> throw OAuthInvalidError.invalidRequest("use GET, PUT or DELETE on a registration", 405);
        };
    }

    private Response register(EndpointContext context, Map<String, Object> sent) {
        Engine engine = context.engine();
        Instant now = engine.clock().instant();
        String clientId = engine.newSecret().substring(0, 22);
        String registrationToken = engine.newSecret();
        Validated v = validate(sent, context);
        String secret = v.confidential() ? engine.newSecret() : null;
        Client.Builder b = Client.builder(clientId).secret(secret).redirectUris(v.redirectUris())
                .grantTypes(v.grantTypes()).responseTypes(v.responseTypes())
                .metadata(AUTH_METHOD, v.authMethod()).metadata(CLIENT_NAME, v.clientName()).metadata(SCOPE, v.scope())
                .metadata(ISSUED_AT, Long.toString(now.getEpochSecond()))
                .metadata(REGISTRATION_TOKEN_DIGEST, engine.digest(registrationToken));
        if (lifetime != null) {
            b.metadata(EXPIRES_AT, Long.toString(now.plus(lifetime).getEpochSecond()));
        }
        Client client = registry.addClient(b.build());
        return json(201, describe(client, secret, registrationToken, context));
    }

    private Response update(EndpointContext context, Client client) {
        Map<String, Object> sent = body(context);
        if (!client.clientId().equals(sent.get("client_id"))) {
            throw new OAuthInvalidError(ErrorCode.INVALID_CLIENT_METADATA, "client_id must be this registration's");
        }
        if (sent.get("client_secret") instanceof String s && !context.engine().digestsEqual(
                context.engine().digest(s), client.secretDigest())) {
            throw new OAuthInvalidError(ErrorCode.INVALID_CLIENT_METADATA, "client_secret is not this client's");
        }
        Validated v = validate(sent, context);
        if (v.confidential() != client.isConfidential()) {
            throw new OAuthInvalidError(ErrorCode.INVALID_CLIENT_METADATA,
                    "token_endpoint_auth_method cannot turn a public client into a confidential one or back");
        }
        // RFC 7592 §2.2: the whole metadata is replaced; what the server assigned stays
        Client updated = client.toBuilder().redirectUris(v.redirectUris()).grantTypes(v.grantTypes())
                .responseTypes(v.responseTypes()).metadata(AUTH_METHOD, v.authMethod())
                .metadata(CLIENT_NAME, v.clientName()).metadata(SCOPE, v.scope()).build();
        registry.addClient(updated);
        return json(200, describe(updated, null, null, context));
    }

    /** RFC 7592 §2: the registration access token of this very client, or 401 for anything else. */
    private Client authorizedClient(EndpointContext context, String clientId) {
        String header = context.request().header("authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        Engine engine = context.engine();
        String digest = engine.digest(token);
        Optional<Client> client = registry.fetchByClientId(clientId);
        String expected = client.map(c -> c.metadata(REGISTRATION_TOKEN_DIGEST)).orElse(null);
        if (token.isEmpty() || !engine.digestsEqual(digest, expected) || expired(client.get(), engine)) {
            throw new OAuthBaseError(ErrorCode.INVALID_TOKEN, "the registration access token is not valid", null, 401);
        }
        return client.get();
    }

    private static boolean expired(Client client, Engine engine) {
        String end = client.metadata(EXPIRES_AT);
        return end != null && !engine.clock().instant().isBefore(Instant.ofEpochSecond(Long.parseLong(end)));
    }

    private static Map<String, Object> body(EndpointContext context) {
        try {
            return context.jsonBody();
        } catch (OAuthBaseError e) {
            if (e.status() == 413) {
                throw e;
            }
            throw new OAuthInvalidError(ErrorCode.INVALID_CLIENT_METADATA, e.explanation());
        }
    }

    private record Validated(List<String> redirectUris, Set<String> grantTypes, Set<String> responseTypes,
            String authMethod, @Nullable String clientName, @Nullable String scope) {
        boolean confidential() {
            return !"none".equals(authMethod);
        }
    }

    private Validated validate(Map<String, Object> sent, EndpointContext context) {
        String authMethod = text(sent, "token_endpoint_auth_method", 64);
        if (authMethod == null) {
            authMethod = "client_secret_basic"; // RFC 7591 §2
        } else if (!AUTH_METHODS.contains(authMethod)) {
            throw badMetadata("token_endpoint_auth_method must be one of " + String.join(", ", AUTH_METHODS));
        }
        Set<String> grantTypes = strings(sent, "grant_types", List.of(GrantTypes.AUTHORIZATION_CODE));
        Set<String> responseTypes = strings(sent, "response_types",
                grantTypes.contains(GrantTypes.AUTHORIZATION_CODE) ? List.of("code") : List.of());
        for (String g : grantTypes) {
            if (!allowedGrantTypes.contains(g) || !context.grantTypes().contains(g)) {
                throw badMetadata("grant type not available for registration: " + g);
            }
        }
        for (String r : responseTypes) {
            if (!context.responseTypes().contains(r)) {
                throw badMetadata("response type not served: " + r);
            }
        }
        // RFC 7591 §2.1: the two lists must agree
        if (grantTypes.contains(GrantTypes.AUTHORIZATION_CODE) != responseTypes.contains("code")
                || grantTypes.contains(GrantTypes.IMPLICIT) != responseTypes.contains("token")) {
            throw badMetadata("grant_types and response_types do not agree (authorization_code goes with code, implicit with token)");
        }
        if ("none".equals(authMethod) && grantTypes.contains(GrantTypes.CLIENT_CREDENTIALS)) {
            throw badMetadata("client_credentials needs a confidential client");
        }
        List<String> redirectUris = new ArrayList<>(strings(sent, "redirect_uris", List.of()));
        if (redirectUris.isEmpty() && !responseTypes.isEmpty()) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REDIRECT_URI, "redirect_uris is required for these grant types");
        }
        for (String uri : redirectUris) {
            checkRedirectUri(uri);
        }
        String scope = text(sent, "scope", 1000);
        if (scope != null) {
            for (String s : scope.trim().split(" +")) {
                if (s.isEmpty() || !s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != '"' && c != '\\')) {
                    throw badMetadata("scope is not a list of scope tokens");
                }
            }
            scope = scope.trim();
        }
        return new Validated(redirectUris, grantTypes, responseTypes, authMethod, text(sent, "client_name", 200), scope);
    }

    static void checkRedirectUri(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (Exception e) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REDIRECT_URI, "not a URI: " + shorten(uri));
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        String host = parsed.getHost() == null ? "" : parsed.getHost().toLowerCase(Locale.ROOT);
        if (!parsed.isAbsolute() || parsed.getRawFragment() != null || host.isEmpty() || uri.length() > 2000) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REDIRECT_URI,
                    "a redirect URI is absolute, with a host and without a fragment: " + shorten(uri));
        }
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REDIRECT_URI,
                    "a redirect URI is https, or http on a loopback host: " + shorten(uri));
        }
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static @Nullable String text(Map<String, Object> sent, String name, int max) {
        Object value = sent.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank() || s.length() > max) {
            throw badMetadata(name + " must be a string of at most " + max + " characters");
        }
        return s;
    }

    private static Set<String> strings(Map<String, Object> sent, String name, List<String> otherwise) {
        Object value = sent.get(name);
        if (value == null) {
            return new LinkedHashSet<>(otherwise);
        }
        if (!(value instanceof List<?> list) || list.size() > 20) {
            throw name.equals("redirect_uris") ? new OAuthInvalidError(ErrorCode.INVALID_REDIRECT_URI,
                    "redirect_uris must be an array of at most 20 strings")
                    : badMetadata(name + " must be an array of at most 20 strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object o : list) {
            if (!(o instanceof String s) || s.isEmpty()) {
                throw name.equals("redirect_uris") ? new OAuthInvalidError(ErrorCode.INVALID_REDIRECT_URI,
                        "redirect_uris must hold strings") : badMetadata(name + " must hold strings");
            }
            out.add(s);
        }
        return out;
    }

    private static OAuthInvalidError badMetadata(String explanation) {
        return new OAuthInvalidError(ErrorCode.INVALID_CLIENT_METADATA, explanation);
    }

    /** RFC 7591 §3.2.1 / RFC 7592 §3: the registration as the client sees it. */
    private static String describe(Client client, @Nullable String secret, @Nullable String registrationToken,
            EndpointContext context) {
        Json json = Json.object().put("client_id", client.clientId());
        if (secret != null) {
            json.put("client_secret", secret);
        }
        String issued = client.metadata(ISSUED_AT);
        if (issued != null) {
            json.put("client_id_issued_at", Long.parseLong(issued));
        }
        if (client.isConfidential()) {
            String end = client.metadata(EXPIRES_AT);
            json.put("client_secret_expires_at", end == null ? 0 : Long.parseLong(end));
        }
        json.put("redirect_uris", client.redirectUris())
                .put("grant_types", client.grantTypes())
                .put("response_types", client.responseTypes())
                .put("token_endpoint_auth_method", Objects.requireNonNullElse(client.metadata(AUTH_METHOD),
                        client.isConfidential() ? "client_secret_basic" : "none"));
        json.put("client_name", client.metadata(CLIENT_NAME));
        json.put("scope", client.metadata(SCOPE));
        if (registrationToken != null) {
            json.put("registration_access_token", registrationToken);
        }
        json.put("registration_client_uri", context.url(context.request().path()) + "?client_id=" + client.clientId());
        return json.toString();
    }

    private static Response json(int status, String body) {
        return Response.json(status, body).withHeader("Cache-Control", "no-store");
    }

    /** Options. */
    public static final class Builder {
        private final ClientRegistry registry;
        private String path = "/register";
        private RegistrationPolicy policy = RegistrationPolicy.initialAccessToken();
        private Set<String> allowedGrantTypes = Set.of(GrantTypes.AUTHORIZATION_CODE, GrantTypes.REFRESH_TOKEN,
                GrantTypes.CLIENT_CREDENTIALS, "urn:ietf:params:oauth:grant-type:device_code",
                "urn:ietf:params:oauth:grant-type:token-exchange");
        private @Nullable Duration lifetime;

        private Builder(ClientRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Who may register. Unset, nobody can (an initial access token is required and none is
         * valid): choose {@link RegistrationPolicy#open()} or
         * {@link RegistrationPolicy#initialAccessToken(String...)} explicitly.
         */
        public Builder policy(RegistrationPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The grant types a registration may ask for (and the Provider must serve): by default
         * {@code authorization_code}, {@code refresh_token}, {@code client_credentials}, the device
         * code and token exchange; not {@code password} or {@code implicit}, which RFC 9700 advises against.
         */
        public Builder allowedGrantTypes(String... types) {
            this.allowedGrantTypes = Set.of(types);
            return this;
        }

        /** Registrations end after this long (and {@code client_secret_expires_at} says so); unset, never. */
        public Builder clientLifetime(@Nullable Duration lifetime) {
            if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
                throw new IllegalArgumentException("a client lifetime is positive");
            }
            this.lifetime = lifetime;
            return this;
        }

        public ClientRegistration build() {
            return new ClientRegistration(this);
        }
    }
}
