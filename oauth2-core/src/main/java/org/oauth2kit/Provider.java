package org.oauth2kit;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import org.oauth2kit.dpop.Dpop;
import org.oauth2kit.endpoint.AuthorizationRequestStage;
import org.oauth2kit.endpoint.Endpoint;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.grant.AuthorizationGrant;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.grant.Grant;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.grant.ResourceOwnerGrant;
import org.oauth2kit.grant.TokenGrant;
import org.oauth2kit.oidc.OpenIdConnect;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.ClientStore;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.token.SecureRandomTokenGenerator;
import org.oauth2kit.token.TokenGenerator;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;
import org.jspecify.annotations.Nullable;

/**
 * The authorization server. It owns every endpoint and every protocol decision; a web adapter
 * only turns its framework's request into a {@link Request}, calls {@link #dispatch}, and copies
 * the {@link Response} back.
 *
 * <p>Endpoints, by path below the adapter's mount point (all configurable):
 * {@code /authorize}, {@code /token}, {@code /revoke} (RFC 7009), {@code /introspect} (RFC 7662)
 * and {@code /.well-known/oauth-authorization-server} (RFC 8414).
 *
 * <p>A Provider holds no state of its own besides its configuration: any number of instances may
 * share one store. It is thread-safe; add grants before serving requests.
 */
public final class Provider {
    static final Logger LOG = System.getLogger("org.oauth2kit");

    private final Config config;
    private final Grants grants = new Grants();
    private final Responses responses;
    private final ProviderEngine engine;
    private final AuthorizeEndpoint authorizeEndpoint;
    private final TokenEndpoint tokenEndpoint;
    private final RevocationEndpoint revocationEndpoint;
    private final IntrospectionEndpoint introspectionEndpoint;
    private final MetadataEndpoint metadataEndpoint;
    private final BearerValidator bearerValidator;
    private final String metadataLocation;
    private final @Nullable OpenIdEndpoints openIdEndpoints;
    private final Extensions extensions;

    /**
     * The seed's constructor. The issuer defaults to {@code http://localhost}, fit for development
     * only: production code uses {@link #builder()} and sets {@link Builder#issuer(String)}.
     */
    public Provider(AccessTokenStore accessTokenStore, AuthCodeStore authCodeStore, ClientStore clientStore,
            SiteAdapter siteAdapter, TokenGenerator tokenGenerator) {
        this(builder().accessTokenStore(accessTokenStore).authCodeStore(authCodeStore).clientStore(clientStore)
                .siteAdapter(siteAdapter).tokenGenerator(tokenGenerator).issuer(DEVELOPMENT_ISSUER));
        LOG.log(Level.WARNING, "oauth2kit Provider built without an issuer; using " + DEVELOPMENT_ISSUER
                + ", which is fit for development only");
    }

    static final String DEVELOPMENT_ISSUER = "http://localhost";

    private Provider(Builder b) {
        Duration codeLifetime = Objects.requireNonNull(b.codeLifetime, "codeLifetime");
        if (codeLifetime.isNegative() || codeLifetime.isZero() || codeLifetime.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("code lifetime must be positive and at most 10 minutes (RFC 6749 §4.1.2)");
        }
        this.config = new Config(validateIssuer(b.issuer), path(b.authorizePath), path(b.tokenPath),
                path(b.revocationPath), path(b.introspectionPath), path(b.metadataPath), codeLifetime,
                positive(b.accessTokenLifetime, "access token lifetime"), Objects.requireNonNull(b.clock, "clock"),
                b.requirePkce, b.allowPlainPkce, atLeast(b.maxBodyBytes, 1024, "maxBodyBytes"),
                atLeast(b.maxParameters, 16, "maxParameters"), atLeast(b.maxParameterLength, 256, "maxParameterLength"),
                Objects.requireNonNull(b.realm, "realm"), b.bearerInQuery, b.bearerInForm,
                Objects.requireNonNull(b.introspectionPolicy, "introspectionPolicy"), b.openIdConnect,
                endpoints(b), b.endpoints.stream().filter(AuthorizationRequestStage.class::isInstance)
                        .map(AuthorizationRequestStage.class::cast).toList(), b.dpop,
                b.resources.isEmpty() ? Resources.NONE : new Resources(b.resources, b.resourcePolicy),
                b.clientIdMetadataDocuments != null);
        if (b.dpop != null && b.ephemeralStore == null) {
            throw new IllegalArgumentException("DPoP needs an EphemeralStore to catch replayed proofs: set ephemeralStore");
        }
        this.engine = new ProviderEngine(b.accessTokenStore, b.authCodeStore, b.clientStore, b.ephemeralStore,
                b.siteAdapter, b.tokenGenerator, config, grants, b.clientIdMetadataDocuments);
        ClientAuthentication clients = new ClientAuthentication(engine.clientStore());
        this.responses = new Responses(config.realm());
        this.authorizeEndpoint = new AuthorizeEndpoint(config, clients, grants, engine, responses);
        this.tokenEndpoint = new TokenEndpoint(config, clients, grants, engine);
        this.revocationEndpoint = new RevocationEndpoint(config, clients, engine);
        this.introspectionEndpoint = new IntrospectionEndpoint(config, clients, engine);
        this.metadataEndpoint = new MetadataEndpoint(config, grants);
        this.bearerValidator = new BearerValidator(config, engine.accessTokenStore(), engine);
        this.metadataLocation = config.metadataLocation();
        this.extensions = new Extensions(config, clients, authorizeEndpoint, engine, grants);
        this.openIdEndpoints = config.openIdConnect() == null ? null
                : new OpenIdEndpoints(config.openIdConnect(), metadataEndpoint, bearerValidator, responses);
        b.grants.forEach(this::addGrant);
        if (config.openIdConnect() != null) {
            // OpenID Connect's front-channel response types, where the application allowed the
            // implicit flow at all (RFC 9700 advises against it)
            for (Grant g : grants.all()) {
                if (g instanceof org.oauth2kit.grant.ImplicitGrant implicit) {
                    addGrant(org.oauth2kit.oidc.IdTokenResponseTypes.idToken(implicit));
                }
            }
            for (Grant g : grants.all()) {
                if (g instanceof org.oauth2kit.grant.AuthorizationCodeGrant code && grants.has(GrantTypes.IMPLICIT)) {
                    addGrant(org.oauth2kit.oidc.IdTokenResponseTypes.codeIdToken(code));
                }
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds a grant this Provider supports; a second grant of the same type replaces the first. */
    public Provider addGrant(Grant grant) {
        Objects.requireNonNull(grant, "grant");
        if (!(grant instanceof TokenGrant) && !(grant instanceof AuthorizationGrant)) {
            throw new IllegalArgumentException("a grant implements TokenGrant, AuthorizationGrant or both: "
                    + grant.getClass().getName());
        }
        if (grant instanceof ResourceOwnerGrant && !servesPasswords(engine.siteAdapter())) {
            throw new IllegalStateException("the password grant needs a SiteAdapter that overrides "
                    + "authenticateResourceOwner; authenticate is called at the authorization endpoint only");
        }
        grants.add(grant);
        return this;
    }

    /**
     * Serves one request: picks the endpoint by {@link Request#path()} and answers it. Never
     * throws: every failure, including a store that is down or a bug, becomes an OAuth error
     * response without internals in it.
     *
     * @param environ passed through to the {@link SiteAdapter}; may be empty, never null
     */
    public Response dispatch(Request request, @Nullable Map<String, Object> environ) {
        Objects.requireNonNull(request, "request");
        Map<String, Object> env = environ == null ? Map.of() : environ;
        String path = request.path();
        try {
            if (path.equals(config.tokenPath())) {
                return tokenEndpoint.handle(request, env);
            } else if (path.equals(config.authorizePath())) {
                return authorizeEndpoint.handle(request, env);
            } else if (path.equals(config.revocationPath())) {
                return revocationEndpoint.handle(request);
            } else if (path.equals(config.introspectionPath())) {
                return introspectionEndpoint.handle(request);
            } else if (path.equals(config.metadataPath()) || path.equals(metadataLocation)) {
                return metadataEndpoint.handle(request);
            }
            java.util.Optional<org.oauth2kit.resource.ProtectedResource> described = config.resources().metadataAt(path);
            if (described.isPresent()) {
                return Resources.metadata(described.get(), config);
            }
            Endpoint endpoint = config.endpoints().get(path);
            if (endpoint != null) {
                return extensions.handle(endpoint, request, env);
            }
            if (openIdEndpoints != null) {
                Response oidc = openIdEndpoints.handle(request, path);
                if (oidc != null) {
                    return oidc;
                }
            }
            return Responses.error(OAuthInvalidError.invalidRequest("no OAuth endpoint at this path", 404));
        } catch (RuntimeException e) {
            return responses.failure(e, serving(request));
        }
    }

    /**
     * As {@link #dispatch}, for an adapter that can suspend a request: at the token endpoint the
     * tokens a grant issues are saved with {@link AccessTokenStore#saveTokenAsync}, and the stage
     * completes with the answer once they are stored, so that the request does not hold a thread
     * while a store writes (the JDBC store writes the tokens of concurrent requests together). A
     * token whose save fails is never sent: the answer is the failure, {@code 503} with
     * {@code Retry-After} when the store is down. Every other request is answered as by
     * {@link #dispatch}, with a stage already complete; so is every token request whose store
     * saves at once (the default). Never completes exceptionally.
     *
     * <p>The stage may complete on the store's own thread (a JDBC writer, a Redis or memcached I/O
     * thread). An adapter must not block that thread: it hands the answer to the framework's own
     * threads ({@code AsyncContext.start}) before writing it, unless its framework's writes never
     * block (an event loop's).
     *
     * @param environ as for {@link #dispatch}
     */
    public CompletionStage<Response> dispatchAsync(Request request, @Nullable Map<String, Object> environ) {
        Objects.requireNonNull(request, "request");
        if (!request.path().equals(config.tokenPath())) {
            return CompletableFuture.completedFuture(dispatch(request, environ));
        }
        PendingSaves pending = new PendingSaves();
        Response answer;
        try {
            answer = tokenEndpoint.handle(request, environ == null ? Map.of() : environ, pending);
        } catch (RuntimeException e) {
            // a save the grant started may still finish: its token is stored but never sent
            return CompletableFuture.completedFuture(responses.failure(e, serving(request)));
        }
        CompletableFuture<Void> saved = pending.all();
        if (saved.isDone() && !saved.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(answer);
        }
        return saved.handle((ignored, failure) -> failure == null ? answer
                : responses.failure(unwrap(failure), serving(request)));
    }

    /** What a failure is logged as; only made when there is one. */
    private static String serving(Request request) {
        return "serving " + request.method() + " " + request.path();
    }

    private static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException("saving a token failed", cause);
    }

    /**
     * Validates a bearer token for a resource request (RFC 6750; DPoP with RFC 9449 when on). Never
     * throws. The request's path is the path from the host's root (context path included), as a
     * client names the resource: it decides which {@link org.oauth2kit.resource.ProtectedResource}
     * the request is for, and is what a DPoP proof's {@code htu} must end with.
     *
     * @param requiredScopes scopes the token must all carry; empty for "any valid token"
     */
    public BearerResult validateBearer(Request request, @Nullable Collection<String> requiredScopes) {
        try {
            return bearerValidator.validate(request, requiredScopes == null ? List.of() : requiredScopes);
        } catch (RuntimeException e) {
            return new BearerResult.Rejected(responses.failure(e, "validating a bearer token"));
        }
    }

    /** @see #validateBearer(Request, Collection) */
    public BearerResult validateBearer(Request request, String... requiredScopes) {
        return validateBearer(request, List.of(requiredScopes));
    }

    /** The limit an adapter passes to {@link Request.Builder#body(java.io.InputStream, int)}. */
    public int maxBodyBytes() {
        return config.maxBodyBytes();
    }

    public String issuer() {
        return config.issuer();
    }

    /**
     * Whether {@link #validateBearer} looks for {@code access_token} in a form body. Adapters whose
     * filters cannot read a body without consuming it pass the body only when this is true.
     */
    public boolean acceptsBearerInForm() {
        return config.bearerInForm();
    }

    public String authorizePath() {
        return config.authorizePath();
    }

    public String tokenPath() {
        return config.tokenPath();
    }

    public String revocationPath() {
        return config.revocationPath();
    }

    public String introspectionPath() {
        return config.introspectionPath();
    }

    public String metadataPath() {
        return config.metadataPath();
    }

    /**
     * Where RFC 8414 §3.1 puts this server's metadata, as a path from the host's root: the
     * well-known name, then the issuer's path. For the issuer {@code https://host/oauth} that is
     * {@code /.well-known/oauth-authorization-server/oauth}, which is <em>not</em> below a mount
     * point {@code /oauth}: adapters route this path from the root of the host to
     * {@link #dispatch} unchanged, besides {@link #paths()} below their mount point. For an issuer
     * without a path it equals {@link #metadataPath()} with the default options.
     */
    public String metadataLocation() {
        return metadataLocation;
    }

    /**
     * The paths this Provider answers from the root of the host, not below an adapter's mount point:
     * {@link #metadataLocation()} (RFC 8414 §3.1) and the metadata of each resource
     * ({@code /.well-known/oauth-protected-resource…}, RFC 9728 §3.1). Adapters route each of them to
     * {@link #dispatch} unchanged, besides {@link #paths()} below their mount point.
     */
    public List<String> rootPaths() {
        List<String> out = new java.util.ArrayList<>();
        out.add(metadataLocation);
        config.resources().all().forEach(r -> {
            if (!out.contains(r.metadataPath())) {
                out.add(r.metadataPath());
            }
        });
        return List.copyOf(out);
    }

    /** Every path this Provider answers, for adapters that must register routes one by one. */
    public List<String> paths() {
        return config.paths();
    }

    public Clock clock() {
        return config.clock();
    }

    /** What this Provider's grants work with; for tests of an application's own grant. */
    public Engine engine() {
        return engine;
    }

    private static boolean servesPasswords(SiteAdapter siteAdapter) {
        try {
            return siteAdapter.getClass().getMethod("authenticateResourceOwner", String.class, String.class,
                    Request.class, Map.class, List.class, Client.class).getDeclaringClass() != SiteAdapter.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String validateIssuer(@Nullable String issuer) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("issuer is required: the https URL that identifies this server");
        }
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (Exception e) {
            throw new IllegalArgumentException("issuer is not a URL: " + issuer);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "issuer must be an http(s) URL without query or fragment (RFC 8414 §2): " + issuer);
        }
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    private static Map<String, Endpoint> endpoints(Builder b) {
        Map<String, Endpoint> byPath = new java.util.LinkedHashMap<>();
        List<String> taken = List.of(b.authorizePath, b.tokenPath, b.revocationPath, b.introspectionPath,
                b.metadataPath);
        for (Endpoint e : b.endpoints) {
            String p = path(Objects.requireNonNull(e.path(), "endpoint path"));
            if (taken.contains(p) || byPath.putIfAbsent(p, e) != null) {
                throw new IllegalArgumentException("two endpoints at " + p);
            }
            for (Endpoint other : byPath.values()) {
                if (other != e && other.getClass() == e.getClass()) {
                    // two of one kind would both claim the same metadata members
                    throw new IllegalArgumentException("two endpoints of " + e.getClass().getName());
                }
            }
        }
        return Map.copyOf(byPath);
    }

    private static String path(String p) {
        Objects.requireNonNull(p, "path");
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("endpoint paths start with '/': " + p);
        }
        return p;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    private static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min);
        }
        return value;
    }

    /** Options of a {@link Provider}; the defaults are the documented ones. */
    public static final class Builder {
        // null until set: build() says which required one is missing
        private @Nullable AccessTokenStore accessTokenStore;
        private @Nullable AuthCodeStore authCodeStore;
        private @Nullable ClientStore clientStore;
        private @Nullable SiteAdapter siteAdapter;
        private @Nullable TokenGenerator tokenGenerator;
        private @Nullable String issuer;
        private String authorizePath = "/authorize";
        private String tokenPath = "/token";
        private String revocationPath = "/revoke";
        private String introspectionPath = "/introspect";
        private String metadataPath = "/.well-known/oauth-authorization-server";
        private Duration codeLifetime = Duration.ofSeconds(60);
        private Duration accessTokenLifetime = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();
        private boolean requirePkce;
        private boolean allowPlainPkce;
        private int maxBodyBytes = 64 * 1024;
        private int maxParameters = 64;
        private int maxParameterLength = 4096;
        private String realm = "oauth2kit";
        private boolean bearerInQuery;
        private boolean bearerInForm;
        private Predicate<Client> introspectionPolicy = Client::isConfidential;
        private final java.util.ArrayList<Grant> grants = new java.util.ArrayList<>();
        private @Nullable OpenIdConnect openIdConnect;
        private @Nullable EphemeralStore ephemeralStore;
        private @Nullable Dpop dpop;
        private org.oauth2kit.registration.@Nullable ClientIdMetadataDocuments clientIdMetadataDocuments;
        private final java.util.ArrayList<org.oauth2kit.resource.ProtectedResource> resources = new java.util.ArrayList<>();
        private java.util.function.BiPredicate<Client, String> resourcePolicy = (client, resource) -> true;
        private final java.util.ArrayList<Endpoint> endpoints = new java.util.ArrayList<>();

        private Builder() {
        }

        public Builder accessTokenStore(AccessTokenStore store) {
            this.accessTokenStore = store;
            return this;
        }

        public Builder authCodeStore(AuthCodeStore store) {
            this.authCodeStore = store;
            return this;
        }

        public Builder clientStore(ClientStore store) {
            this.clientStore = store;
            return this;
        }

        /** One object that is both token and code store, e.g. the memory or memcached token store. */
        public <S extends AccessTokenStore & AuthCodeStore> Builder tokenStore(S store) {
            if (store instanceof EphemeralStore ephemeral && ephemeralStore == null) {
                ephemeralStore = ephemeral;
            }
            return accessTokenStore(store).authCodeStore(store);
        }

        public Builder siteAdapter(SiteAdapter siteAdapter) {
            this.siteAdapter = siteAdapter;
            return this;
        }

        /** Generator of access and refresh tokens; default {@link SecureRandomTokenGenerator}. */
        public Builder tokenGenerator(@Nullable TokenGenerator generator) {
            this.tokenGenerator = generator;
            return this;
        }

        /**
         * Required: the URL that identifies this server (RFC 8414), the base of every endpoint URL
         * in the metadata, and the {@code iss} of authorization responses (RFC 9207). Never
         * derived from a request's Host header.
         */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder authorizePath(String path) {
            this.authorizePath = path;
            return this;
        }

        public Builder tokenPath(String path) {
            this.tokenPath = path;
            return this;
        }

        public Builder revocationPath(String path) {
            this.revocationPath = path;
            return this;
        }

        public Builder introspectionPath(String path) {
            this.introspectionPath = path;
            return this;
        }

        public Builder metadataPath(String path) {
            this.metadataPath = path;
            return this;
        }

        /** Default 60 seconds, at most 10 minutes (R13). */
        public Builder codeLifetime(Duration lifetime) {
            this.codeLifetime = Objects.requireNonNull(lifetime);
            return this;
        }

        /**
         * Default 1 hour. Access tokens issued together with a refresh token use the
         * {@link org.oauth2kit.grant.RefreshToken} grant's lifetime when it sets one (R27).
         */
        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = lifetime;
            return this;
        }

        /** The clock every expiry is computed and checked against (R30). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Requires PKCE of confidential clients too (it is always required of public ones). */
        public Builder requirePkce(boolean require) {
            this.requirePkce = require;
            return this;
        }

        /** Accepts {@code code_challenge_method=plain}; off by default (R10). */
        public Builder allowPlainPkce(boolean allow) {
            this.allowPlainPkce = allow;
            return this;
        }

        /** Largest request body read, default 64 KiB; larger bodies get 413. */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Most parameters in one query string or body, default 64. */
        public Builder maxParameters(int count) {
            this.maxParameters = count;
            return this;
        }

        /** Longest decoded parameter name or value, default 4096 characters. */
        public Builder maxParameterLength(int length) {
            this.maxParameterLength = length;
            return this;
        }

        /** The {@code realm} of {@code WWW-Authenticate} challenges; default {@code oauth2kit}. */
        public Builder realm(String realm) {
            this.realm = Objects.requireNonNull(realm);
            return this;
        }

        /** Accepts {@code access_token} in the query string (RFC 6750 §2.3); off by default. */
        public Builder allowBearerInQuery(boolean allow) {
            this.bearerInQuery = allow;
            return this;
        }

        /** Accepts {@code access_token} in a form body (RFC 6750 §2.2); off by default. */
        public Builder allowBearerInForm(boolean allow) {
            this.bearerInForm = allow;
            return this;
        }

        /**
         * Which authenticated clients may call the introspection endpoint; default: every
         * confidential client.
         */
        public Builder introspectionPolicy(Predicate<Client> policy) {
            this.introspectionPolicy = policy;
            return this;
        }

        /**
         * Makes this Provider an OpenID Provider: ID tokens, UserInfo, discovery and JWKS (see
         * {@link OpenIdConnect}).
         */
        public Builder openIdConnect(@Nullable OpenIdConnect openIdConnect) {
            this.openIdConnect = openIdConnect;
            return this;
        }

        /**
         * Adds an endpoint of the application's or an extension's own (device authorization, pushed
         * authorization requests); one that also implements {@link AuthorizationRequestStage} takes
         * part in every authorization request. Its path may not be another endpoint's.
         */
        public Builder endpoint(Endpoint endpoint) {
            endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * Where short-lived records of extensions live (device codes, pushed requests, DPoP
         * {@code jti}s). Unset, a token store given to {@link #tokenStore} that is also an
         * {@link EphemeralStore} is used.
         */
        public Builder ephemeralStore(EphemeralStore store) {
            this.ephemeralStore = Objects.requireNonNull(store, "ephemeralStore");
            return this;
        }

        /**
         * Binds tokens to DPoP keys (RFC 9449) for requests that carry a proof, and accepts
         * {@code Authorization: DPoP} at resources; see {@link Dpop}. Needs an ephemeral store.
         */
        public Builder dpop(@Nullable Dpop dpop) {
            this.dpop = dpop;
            return this;
        }

        /**
         * A resource server tokens are issued for (RFC 8707): clients may name it in
         * {@code resource}, tokens carry it in {@code aud}, its metadata is served (RFC 9728), and
         * bearer checks under its path accept only tokens for it. With no resource named, a token is
         * for every resource the client may use.
         */
        public Builder resource(org.oauth2kit.resource.ProtectedResource resource) {
            resources.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /** Which resources a client may ask for; all of them unless set. A refused one is {@code invalid_target}. */
        public Builder resourcePolicy(java.util.function.BiPredicate<Client, String> policy) {
            this.resourcePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Resolves {@code client_id}s that are https URLs by fetching their Client ID Metadata
         * Document (the clients MCP uses), with SSRF protections; off unless set.
         */
        public Builder clientIdMetadataDocuments(
                org.oauth2kit.registration.@Nullable ClientIdMetadataDocuments documents) {
            this.clientIdMetadataDocuments = documents;
            return this;
        }

        public Builder grant(Grant grant) {
            grants.add(Objects.requireNonNull(grant));
            return this;
        }

        public Provider build() {
            return new Provider(this);
        }
    }
}
