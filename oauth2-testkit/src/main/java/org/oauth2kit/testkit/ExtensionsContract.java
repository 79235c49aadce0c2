package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.Dispatcher.form;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.BearerResult;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.device.DeviceFlow;
import org.oauth2kit.dpop.Dpop;
import org.oauth2kit.exchange.TokenExchangeGrant;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.par.PushedAuthorizationRequests;
import org.oauth2kit.resource.ProtectedResource;
import org.oauth2kit.store.ClientStore;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * The extensions written on the public SPI, through a Provider on a real store: pushed
 * authorization requests (R57), the device authorization grant (R58), token exchange (R59) and
 * DPoP (R60), resource indicators (R63) and protected resource metadata (R64).
 * What must happen once (a {@code request_uri}, a device code) is raced on real threads.
 */
public abstract class ExtensionsContract {
    protected static final String DEVICE_CLIENT = "tv";
    private static final String ISSUER = ContractFixture.ISSUER;

    protected MutableClock clock;
    protected Stores stores;
    protected EphemeralStore ephemeral;
    protected Dispatcher d;

    /** Token stores on a real backend. */
    protected abstract Stores createStores(MutableClock clock) throws Exception;

    /** The ephemeral store on the same backend. */
    protected abstract EphemeralStore createEphemeralStore(MutableClock clock) throws Exception;

    protected void closeStores() throws Exception {
    }

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock();
        stores = createStores(clock);
        ephemeral = createEphemeralStore(clock);
        d = with(b -> { });
    }

    @AfterEach
    void stop() throws Exception {
        closeStores();
    }

    /** The contract's clients, plus {@code tv}, a public client of the device flow. */
    public static ClientStore clients() {
        Map<String, Client> byId = new ConcurrentHashMap<>();
        for (Client c : ContractFixture.clientList()) {
            Set<String> types = new LinkedHashSet<>(c.grantTypes());
            if (c.clientId().equals(ContractFixture.CLIENT_ID) || c.clientId().equals(ContractFixture.CLIENT2_ID)) {
                types.add(TokenExchangeGrant.GRANT_TYPE);
                types.add(DeviceFlow.GRANT_TYPE);
            }
            byId.put(c.clientId(), c.toBuilder().grantTypes(types).build());
        }
        byId.put(DEVICE_CLIENT, Client.builder(DEVICE_CLIENT).grantTypes(DeviceFlow.GRANT_TYPE, GrantTypes.REFRESH_TOKEN)
                .build());
        return id -> java.util.Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** A Provider with every extension, then {@code options}. */
    protected Dispatcher with(Consumer<Provider.Builder> options) {
        Scope scope = new Scope(ContractFixture.SCOPES, "read");
        DeviceFlow device = DeviceFlow.builder().scope(scope).build();
        return bare(b -> {
            b.endpoint(PushedAuthorizationRequests.builder().build())
                    .grant(device.grant()).endpoint(device.authorizationEndpoint())
                    .endpoint(device.verificationEndpoint())
                    .grant(new TokenExchangeGrant())
                    .dpop(Dpop.builder().build());
            options.accept(b);
        });
    }

    /** A Provider with the contract's grants and the ephemeral store, then {@code options}. */
    protected Dispatcher bare(Consumer<Provider.Builder> options) {
        Provider.Builder b = ContractFixture.builder(stores.tokens(), stores.codes(), clients(), clock)
                .ephemeralStore(ephemeral);
        options.accept(b);
        return new Dispatcher(b.build());
    }

    // ---- pushed authorization requests (RFC 9126) ----

    private static final String[] CODE_REQUEST = {"response_type", "code", "redirect_uri", ContractFixture.REDIRECT_URI,
            "scope", "read write", "state", "s1", "code_challenge", Dispatcher.CHALLENGE, "code_challenge_method", "S256"};

    private Response push(Dispatcher on, String id, String secret, String... kv) {
        return on.post("/par", form(kv), "Authorization", Dispatcher.basic(id, secret));
    }

    private String pushed(Dispatcher on) {
        Response r = push(on, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET, CODE_REQUEST);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Dispatcher.field(r, "request_uri");
    }

    private static String byReference(String requestUri) {
        return form("client_id", ContractFixture.CLIENT_ID, "request_uri", requestUri);
    }

    @Test
    @DisplayName("R57 a pushed request gives a one-time request_uri; the code flow completes with it and PKCE")
    void parCodeFlow() {
        Response r = push(d, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET, CODE_REQUEST);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        String requestUri = Dispatcher.field(r, "request_uri");
        assertThat(requestUri).startsWith("urn:ietf:params:oauth:request_uri:");
        assertThat(JsonFields.number(r.body(), "expires_in")).isEqualTo(60L);

        Response page = d.get("/authorize", byReference(requestUri));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("read, write");
        Response done = d.authorize(byReference(requestUri));
        assertThat(done.status()).isEqualTo(302);
        Map<String, String> q = Wire.query(done.header("Location"));
        assertThat(q.get("state")).isEqualTo("s1");
        Response tokens = d.redeem(q.get("code"));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(Dispatcher.field(tokens, "scope")).isEqualTo("read write");

        Response again = d.authorize(byReference(requestUri));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("request_uri is unknown, expired or already used");
    }

    @Test
    @DisplayName("R57 pushing needs client authentication, and pushed parameters are validated as an authorization request")
    void parValidation() {
        Response wrong = push(d, ContractFixture.CLIENT_ID, "wrong", CODE_REQUEST);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(Dispatcher.field(wrong, "error")).isEqualTo("invalid_client");
        assertError(push(d, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET, "response_type", "code",
                "redirect_uri", "https://evil.example/cb"), 400, "invalid_request");
        assertError(push(d, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET, "response_type", "token id_token",
                "redirect_uri", ContractFixture.REDIRECT_URI), 400, "unsupported_response_type");
        assertError(push(d, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET, "response_type", "code",
                "scope", "admin"), 400, "invalid_scope");
        assertError(push(d, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET, "response_type", "code",
                "request_uri", "urn:ietf:params:oauth:request_uri:x"), 400, "invalid_request");
        // a public client must use PKCE when it pushes, too
        Response pub = d.post("/par", form("client_id", ContractFixture.PUBLIC_CLIENT_ID, "response_type", "code",
                "redirect_uri", ContractFixture.REDIRECT_URI));
        assertError(pub, 400, "invalid_request");
        Response get = d.get("/par", null);
        assertThat(get.status()).isEqualTo(405);
    }

    @Test
    @DisplayName("R57 a request_uri expires, belongs to its client only, and may be required")
    void parExpiryOwnerAndRequirement() {
        String expiring = pushed(d);
        clock.advance(Duration.ofSeconds(61));
        assertThat(d.get("/authorize", byReference(expiring)).status()).isEqualTo(400);

        String mine = pushed(d);
        Response stolen = d.get("/authorize", form("client_id", ContractFixture.CLIENT2_ID, "request_uri", mine));
        assertThat(stolen.status()).isEqualTo(400);
        assertThat(stolen.body()).contains("another client");

        Response bogus = d.get("/authorize", byReference("urn:ietf:params:oauth:request_uri:nothing"));
        assertThat(bogus.status()).isEqualTo(400);

        Dispatcher required = bare(b -> b.endpoint(PushedAuthorizationRequests.builder().path("/par2").requiredForAll()
                .build()));
        Response plain = required.get("/authorize", form(concat(CODE_REQUEST, "client_id", ContractFixture.CLIENT_ID)));
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.body()).contains("must push");
        String metadata = required.get("/.well-known/oauth-authorization-server", null).body();
        assertThat(JsonFields.bool(metadata, "require_pushed_authorization_requests")).isTrue();
        assertThat(JsonFields.string(metadata, "pushed_authorization_request_endpoint")).isEqualTo(ISSUER + "/par2");
    }

    @Test
    @DisplayName("R57 race: one request_uri completed by many concurrent consents yields exactly one code")
    void parRace() throws Exception {
        for (int round = 0; round < 5; round++) {
            String requestUri = pushed(d);
            List<Response> answers = Races.all(16, () -> d.authorize(byReference(requestUri)));
            long codes = answers.stream().filter(a -> a.status() == 302
                    && Wire.query(a.header("Location")).get("code") != null).count();
            assertThat(codes).isEqualTo(1);
        }
    }

    // ---- device authorization grant (RFC 8628) ----

    private Response deviceAuthorization(String... kv) {
        return d.post("/device_authorization", form(concat(kv, "client_id", DEVICE_CLIENT)));
    }

    private Response poll(String deviceCode) {
        return d.post("/token", form("grant_type", DeviceFlow.GRANT_TYPE, "device_code", deviceCode, "client_id",
                DEVICE_CLIENT));
    }

    private Response verify(String userCode, String decision) {
        return d.send(Request.builder("POST", "/device").rawQuery(form("user_code", userCode))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form("username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD,
                        "consent", decision).getBytes(StandardCharsets.UTF_8)).build());
    }

    @Test
    @DisplayName("R58 device flow: codes, pending, slow_down, sign-in and consent at the verification page, tokens once")
    void deviceFlow() {
        Response r = deviceAuthorization("scope", "read write");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        String deviceCode = Dispatcher.field(r, "device_code");
        String userCode = Dispatcher.field(r, "user_code");
        assertThat(deviceCode).hasSizeGreaterThanOrEqualTo(43);
        assertThat(userCode).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(Dispatcher.field(r, "verification_uri")).isEqualTo(ISSUER + "/device");
        assertThat(Dispatcher.field(r, "verification_uri_complete")).isEqualTo(ISSUER + "/device?user_code=" + userCode);
        assertThat(JsonFields.number(r.body(), "expires_in")).isEqualTo(600L);
        assertThat(JsonFields.number(r.body(), "interval")).isEqualTo(5L);

        assertError(poll(deviceCode), 400, "authorization_pending");
        assertError(poll(deviceCode), 400, "slow_down");
        clock.advance(Duration.ofSeconds(11));
        assertError(poll(deviceCode), 400, "authorization_pending");

        Response entry = d.get("/device", null);
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.body()).contains("name=\"user_code\"");
        // typed in lower case, without the dash: still the code
        String typed = userCode.toLowerCase(java.util.Locale.ROOT).replace("-", "");
        Response signIn = d.get("/device", form("user_code", typed));
        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.body()).contains("Allow tv to use read, write");
        Response done = verify(typed, "allow");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("Device connected");
        assertThat(verify(userCode, "allow").status()).as("a used user code").isEqualTo(400);

        clock.advance(Duration.ofSeconds(11));
        Response tokens = poll(deviceCode);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(Dispatcher.field(tokens, "scope")).isEqualTo("read write");
        assertThat(Dispatcher.field(tokens, "refresh_token")).isNotNull();
        assertThat(d.bearer(Dispatcher.field(tokens, "access_token"), "read"))
                .isInstanceOf(org.oauth2kit.BearerResult.Authorized.class);
        assertError(poll(deviceCode), 400, "invalid_grant");
    }

    @Test
    @DisplayName("R58 device flow: denied, expired, wrong client, unregistered client, wrong codes limited")
    void deviceErrors() {
        Response denied = deviceAuthorization();
        Response page = verify(Dispatcher.field(denied, "user_code"), "deny");
        assertThat(page.body()).contains("Device not connected");
        assertError(poll(Dispatcher.field(denied, "device_code")), 400, "access_denied");

        Response late = deviceAuthorization();
        clock.advance(Duration.ofMinutes(11));
        assertError(poll(Dispatcher.field(late, "device_code")), 400, "expired_token");
        assertThat(verify(Dispatcher.field(late, "user_code"), "allow").status()).isEqualTo(400);

        Response other = deviceAuthorization();
        assertError(d.token("grant_type", DeviceFlow.GRANT_TYPE, "device_code", Dispatcher.field(other, "device_code")),
                400, "invalid_grant");
        assertError(poll("not-a-device-code"), 400, "invalid_grant");
        assertError(d.post("/device_authorization", form("client_id", ContractFixture.PUBLIC_CLIENT_ID)), 400,
                "unauthorized_client");
        assertError(deviceAuthorization("scope", "admin"), 400, "invalid_scope");

        Dispatcher strict = bare(b -> {
            DeviceFlow device = DeviceFlow.builder().verificationPath("/device2").failuresPerMinute(3).build();
            b.endpoint(device.verificationEndpoint());
        });
        for (int i = 0; i < 3; i++) {
            assertThat(strict.get("/device2", form("user_code", "BBBB-BBBB")).status()).isEqualTo(400);
        }
        Response limited = strict.get("/device2", form("user_code", "BBBB-BBBB"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("60");
        clock.advance(Duration.ofMinutes(1));
        assertThat(strict.get("/device2", form("user_code", "BBBB-BBBB")).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("R58 race: an allowed device code polled by many threads at once gives tokens exactly once")
    void deviceRace() throws Exception {
        for (int round = 0; round < 5; round++) {
            Response r = deviceAuthorization();
            String deviceCode = Dispatcher.field(r, "device_code");
            assertThat(verify(Dispatcher.field(r, "user_code"), "allow").status()).isEqualTo(200);
            List<Response> answers = Races.all(16, () -> poll(deviceCode));
            assertThat(answers.stream().filter(a -> a.status() == 200).count()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("R58 R57 metadata names the device and PAR endpoints and the device grant")
    void metadata() {
        String metadata = d.get("/.well-known/oauth-authorization-server", null).body();
        assertThat(JsonFields.string(metadata, "device_authorization_endpoint")).isEqualTo(ISSUER + "/device_authorization");
        assertThat(JsonFields.string(metadata, "pushed_authorization_request_endpoint")).isEqualTo(ISSUER + "/par");
        assertThat(JsonFields.bool(metadata, "require_pushed_authorization_requests")).isFalse();
        assertThat(metadata).contains(DeviceFlow.GRANT_TYPE, TokenExchangeGrant.GRANT_TYPE);
        assertThat(d.provider().paths()).contains("/par", "/device", "/device_authorization");
    }

    // ---- token exchange (RFC 8693) ----

    private Response exchange(String... kv) {
        return d.token(concat(kv, "grant_type", TokenExchangeGrant.GRANT_TYPE));
    }

    @Test
    @DisplayName("R59 token exchange: an access token for a narrower one, same subject, issued_token_type, same family")
    void exchangeNarrows() {
        Response original = d.codeGrant();
        String subject = Dispatcher.field(original, "access_token");
        Response r = exchange("subject_token", subject, "subject_token_type", TokenExchangeGrant.ACCESS_TOKEN,
                "scope", "read");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(Dispatcher.field(r, "issued_token_type")).isEqualTo(TokenExchangeGrant.ACCESS_TOKEN);
        assertThat(Dispatcher.field(r, "token_type")).isEqualTo("Bearer");
        assertThat(Dispatcher.field(r, "scope")).isEqualTo("read");
        assertThat(Dispatcher.field(r, "refresh_token")).isNull();
        String exchanged = Dispatcher.field(r, "access_token");
        Response introspection = d.post("/introspect", form("token", exchanged), "Authorization",
                Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(JsonFields.string(introspection.body(), "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
        assertThat(d.bearer(exchanged, "write")).isNotInstanceOf(org.oauth2kit.BearerResult.Authorized.class);

        // revoking the subject's family (its refresh token) revokes what was exchanged for it
        d.post("/revoke", form("token", Dispatcher.field(original, "refresh_token")), "Authorization",
                Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(d.bearer(exchanged)).isNotInstanceOf(org.oauth2kit.BearerResult.Authorized.class);
    }

    @Test
    @DisplayName("R59 token exchange refuses wider scopes, inactive or foreign tokens, unknown types and audiences")
    void exchangeRefusals() {
        String subject = Dispatcher.field(d.codeGrant(), "access_token");
        assertError(exchange("subject_token", subject, "subject_token_type", TokenExchangeGrant.ACCESS_TOKEN,
                "scope", "read write admin"), 400, "invalid_scope");
        assertError(exchange("subject_token", "nothing", "subject_token_type", TokenExchangeGrant.ACCESS_TOKEN),
                400, "invalid_request");
        assertError(exchange("subject_token", subject, "subject_token_type", "urn:ietf:params:oauth:token-type:saml2"),
                400, "invalid_request");
        assertError(exchange("subject_token", subject), 400, "invalid_request");
        assertError(exchange("subject_token", subject, "subject_token_type", TokenExchangeGrant.ACCESS_TOKEN,
                "requested_token_type", TokenExchangeGrant.REFRESH_TOKEN), 400, "invalid_request");
        assertError(exchange("subject_token", subject, "subject_token_type", TokenExchangeGrant.ACCESS_TOKEN,
                "audience", "https://elsewhere.example"), 400, "invalid_target");
        // abc2 holds abc's token: by default a client exchanges only its own tokens
        assertError(d.tokenAs(ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET, "grant_type",
                TokenExchangeGrant.GRANT_TYPE, "subject_token", subject, "subject_token_type",
                TokenExchangeGrant.ACCESS_TOKEN), 400, "invalid_request");
        // a client not registered for the grant
        assertError(d.tokenAs(ContractFixture.CC_ONLY_CLIENT_ID, ContractFixture.CC_ONLY_CLIENT_SECRET, "grant_type",
                TokenExchangeGrant.GRANT_TYPE, "subject_token", subject, "subject_token_type",
                TokenExchangeGrant.ACCESS_TOKEN), 400, "unauthorized_client");
        clock.advance(Duration.ofHours(2));
        assertError(exchange("subject_token", subject, "subject_token_type", TokenExchangeGrant.ACCESS_TOKEN),
                400, "invalid_request");
    }

    @Test
    @DisplayName("R59 delegation: a policy lets a service exchange a user's token and act for them (act), never longer than it lives")
    void exchangeDelegation() {
        Dispatcher delegating = with(b -> b.grant(new TokenExchangeGrant(new Scope(ContractFixture.SCOPES, "read"),
                (client, subject, actor, audiences) -> client.clientId().equals(ContractFixture.CLIENT2_ID)
                        && actor != null && audiences.equals(List.of("https://api.example")))));
        String user = Dispatcher.field(delegating.codeGrant(), "access_token");
        String actorToken = Dispatcher.field(delegating.token("grant_type", "client_credentials"), "access_token");
        clock.advance(Duration.ofMinutes(50));
        Response r = delegating.tokenAs(ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET, "grant_type",
                TokenExchangeGrant.GRANT_TYPE, "subject_token", user, "subject_token_type",
                TokenExchangeGrant.ACCESS_TOKEN, "actor_token", actorToken, "actor_token_type",
                TokenExchangeGrant.ACCESS_TOKEN, "audience", "https://api.example");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // the clock stands still: the user's token has 10 of its 60 minutes left, and so has this one
        assertThat(JsonFields.number(r.body(), "expires_in")).isEqualTo(600L);
        Response introspection = delegating.post("/introspect", form("token", Dispatcher.field(r, "access_token")),
                "Authorization", Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(introspection.body()).contains("\"act\":{\"sub\":\"" + ContractFixture.CLIENT_ID + "\"}");
        assertThat(JsonFields.string(introspection.body(), "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
        assertThat(JsonFields.string(introspection.body(), "client_id")).isEqualTo(ContractFixture.CLIENT2_ID);
    }

    // ---- DPoP (RFC 9449) ----

    private static final String TOKEN_URL = ISSUER + "/token";
    private static final String RESOURCE_URL = ISSUER + "/api";

    private Response tokenWithProof(Dispatcher on, String proof, String... kv) {
        return on.post("/token", form(kv), "Authorization", Dispatcher.basic(ContractFixture.CLIENT_ID,
                ContractFixture.CLIENT_SECRET), "DPoP", proof);
    }

    private BearerResult resource(Dispatcher on, String scheme, String token, String... proofs) {
        Request.Builder b = Request.builder("GET", "/api").header("Authorization", scheme + " " + token)
                .header("Host", "issuer.example");
        for (String p : proofs) {
            b.header("DPoP", p);
        }
        return on.provider().validateBearer(b.build());
    }

    private static Response rejected(BearerResult r) {
        assertThat(r).isInstanceOf(BearerResult.Rejected.class);
        return ((BearerResult.Rejected) r).response();
    }

    @Test
    @DisplayName("R60 DPoP: a proof binds the token (token_type DPoP, cnf.jkt); the resource takes it with a proof of that key only")
    void dpopBindsTokens() {
        DpopProver key = DpopProver.es256();
        Response r = tokenWithProof(d, key.proof("POST", TOKEN_URL, clock.instant()), "grant_type", "client_credentials");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(Dispatcher.field(r, "token_type")).isEqualTo("DPoP");
        String token = Dispatcher.field(r, "access_token");
        Response introspection = d.post("/introspect", form("token", token), "Authorization",
                Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(introspection.body()).contains("\"cnf\":{\"jkt\":\"" + key.thumbprint() + "\"}");
        assertThat(JsonFields.string(introspection.body(), "token_type")).isEqualTo("DPoP");

        assertThat(resource(d, "DPoP", token, key.proof("GET", RESOURCE_URL, clock.instant(), token, null)))
                .isInstanceOf(BearerResult.Authorized.class);
        Response asBearer = rejected(resource(d, "Bearer", token));
        assertThat(asBearer.status()).isEqualTo(401);
        assertThat(asBearer.header("WWW-Authenticate")).startsWith("DPoP algs=").contains("error=\"invalid_token\"");
        DpopProver other = DpopProver.eddsa();
        assertThat(rejected(resource(d, "DPoP", token, other.proof("GET", RESOURCE_URL, clock.instant(), token, null)))
                .status()).isEqualTo(401);
        // without a proof at the token endpoint: a plain bearer token, which the DPoP scheme does not take
        String plain = Dispatcher.field(d.token("grant_type", "client_credentials"), "access_token");
        assertThat(resource(d, "Bearer", plain)).isInstanceOf(BearerResult.Authorized.class);
        assertThat(rejected(resource(d, "DPoP", plain, key.proof("GET", RESOURCE_URL, clock.instant(), plain, null)))
                .status()).isEqualTo(401);
        assertThat(JsonFields.string(d.get("/.well-known/oauth-authorization-server", null).body(),
                "dpop_signing_alg_values_supported")).isNull(); // an array, not a string
        assertThat(d.get("/.well-known/oauth-authorization-server", null).body())
                .contains("\"dpop_signing_alg_values_supported\":[\"ES256\",\"EdDSA\",\"PS256\",\"RS256\"]");
    }

    @Test
    @DisplayName("R60 DPoP proofs are checked fully: typ, alg, jwk, signature, htm, htu, iat, ath, jti replay")
    void dpopProofChecks() {
        DpopProver key = DpopProver.es256();
        java.time.Instant now = clock.instant();
        String jwk = key.jwk();
        String claims = "{\"jti\":\"j1\",\"htm\":\"POST\",\"htu\":\"" + TOKEN_URL + "\",\"iat\":" + now.getEpochSecond() + "}";
        List<String> bad = List.of(
                key.sign("{\"typ\":\"jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk + "}", claims),
                key.sign("{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + jwk + "}", claims),
                key.sign("{\"typ\":\"dpop+jwt\",\"alg\":\"HS256\",\"jwk\":" + jwk + "}", claims),
                key.sign("{\"typ\":\"dpop+jwt\",\"alg\":\"EdDSA\",\"jwk\":" + jwk + "}", claims),
                key.sign("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"}", claims),
                key.sign("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk.replace("}", ",\"d\":\"AAAA\"}")
                        + "}", claims),
                key.sign("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + DpopProver.es256().jwk() + "}", claims),
                key.proof("GET", TOKEN_URL, now),
                key.proof("POST", ISSUER + "/other", now),
                key.proof("POST", "https://evil.example/token", now),
                key.proof("POST", TOKEN_URL, now.minusSeconds(120)),
                key.proof("POST", TOKEN_URL, now.plusSeconds(120)),
                "not.a.jws", "a.b", "");
        for (String proof : bad) {
            assertError(tokenWithProof(d, proof, "grant_type", "client_credentials"), 400, "invalid_dpop_proof");
        }
        String once = key.proof("POST", TOKEN_URL, now);
        assertThat(tokenWithProof(d, once, "grant_type", "client_credentials").status()).isEqualTo(200);
        assertError(tokenWithProof(d, once, "grant_type", "client_credentials"), 400, "invalid_dpop_proof");
        Response two = d.post("/token", form("grant_type", "client_credentials"), "Authorization",
                Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET), "DPoP",
                key.proof("POST", TOKEN_URL, now), "DPoP", key.proof("POST", TOKEN_URL, now));
        assertError(two, 400, "invalid_dpop_proof");

        String token = Dispatcher.field(tokenWithProof(d, key.proof("POST", TOKEN_URL, now), "grant_type",
                "client_credentials"), "access_token");
        for (String proof : List.of(key.proof("GET", RESOURCE_URL, now, null, null),
                key.proof("GET", RESOURCE_URL, now, "another-token", null), key.proof("POST", RESOURCE_URL, now, token, null),
                key.proof("GET", ISSUER + "/elsewhere", now, token, null),
                key.proof("GET", "https://evil.example/api", now, token, null))) {
            Response refused = rejected(resource(d, "DPoP", token, proof));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_dpop_proof\"");
        }
        assertThat(rejected(resource(d, "DPoP", token)).status()).isEqualTo(401);
        String used = key.proof("GET", RESOURCE_URL, now, token, null);
        assertThat(resource(d, "DPoP", token, used)).isInstanceOf(BearerResult.Authorized.class);
        assertThat(rejected(resource(d, "DPoP", token, used)).status()).as("a replayed proof").isEqualTo(401);
    }

    @Test
    @DisplayName("R60 DPoP: a public client's refresh token is bound to its key; a refresh without that key's proof is refused and costs nothing")
    void dpopPublicRefresh() {
        DpopProver key = DpopProver.eddsa();
        Response code = d.authorize(form("response_type", "code", "client_id", ContractFixture.PUBLIC_CLIENT_ID,
                "redirect_uri", ContractFixture.REDIRECT_URI, "code_challenge", Dispatcher.CHALLENGE,
                "code_challenge_method", "S256"));
        String c = Wire.query(code.header("Location")).get("code");
        Response tokens = d.post("/token", form("grant_type", "authorization_code", "code", c, "redirect_uri",
                ContractFixture.REDIRECT_URI, "code_verifier", Dispatcher.VERIFIER, "client_id",
                ContractFixture.PUBLIC_CLIENT_ID), "DPoP", key.proof("POST", TOKEN_URL, clock.instant()));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(Dispatcher.field(tokens, "token_type")).isEqualTo("DPoP");
        String refresh = Dispatcher.field(tokens, "refresh_token");
        String[] refreshForm = {"grant_type", "refresh_token", "refresh_token", refresh, "client_id",
                ContractFixture.PUBLIC_CLIENT_ID};
        assertError(d.post("/token", form(refreshForm)), 400, "invalid_grant");
        assertError(d.post("/token", form(refreshForm), "DPoP", DpopProver.eddsa().proof("POST", TOKEN_URL,
                clock.instant())), 400, "invalid_grant");
        Response refreshed = d.post("/token", form(refreshForm), "DPoP", key.proof("POST", TOKEN_URL, clock.instant()));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(Dispatcher.field(refreshed, "token_type")).isEqualTo("DPoP");
    }

    @Test
    @DisplayName("R60 DPoP server nonces: a proof without the nonce is use_dpop_nonce with DPoP-Nonce; with it, tokens")
    void dpopNonces() {
        Dispatcher strict = bare(b -> b.dpop(Dpop.builder().nonces().build()));
        DpopProver key = DpopProver.es256();
        Response first = tokenWithProof(strict, key.proof("POST", TOKEN_URL, clock.instant()), "grant_type",
                "client_credentials");
        assertError(first, 400, "use_dpop_nonce");
        String nonce = first.header("DPoP-Nonce");
        assertThat(nonce).isNotBlank();
        Response ok = tokenWithProof(strict, key.proof("POST", TOKEN_URL, clock.instant(), null, nonce), "grant_type",
                "client_credentials");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        String token = Dispatcher.field(ok, "access_token");
        Response atResource = rejected(resource(strict, "DPoP", token, key.proof("GET", RESOURCE_URL, clock.instant(),
                token, "stale")));
        assertThat(atResource.header("WWW-Authenticate")).contains("use_dpop_nonce");
        assertThat(atResource.header("DPoP-Nonce")).isEqualTo(nonce);
        assertThat(resource(strict, "DPoP", token, key.proof("GET", RESOURCE_URL, clock.instant(), token, nonce)))
                .isInstanceOf(BearerResult.Authorized.class);
    }

    @Test
    @DisplayName("R60 race: one DPoP proof sent many times at once is accepted exactly once")
    void dpopReplayRace() throws Exception {
        DpopProver key = DpopProver.es256();
        String token = Dispatcher.field(tokenWithProof(d, key.proof("POST", TOKEN_URL, clock.instant()), "grant_type",
                "client_credentials"), "access_token");
        for (int round = 0; round < 5; round++) {
            String proof = key.proof("GET", RESOURCE_URL, clock.instant(), token, null);
            List<BearerResult> answers = Races.all(16, () -> resource(d, "DPoP", token, proof));
            assertThat(answers.stream().filter(BearerResult.Authorized.class::isInstance).count()).isEqualTo(1);
        }
    }

    // ---- resource indicators (RFC 8707) and protected resource metadata (RFC 9728) ----

    private static final String API = ISSUER + "/api";
    private static final String DATA = "https://data.example/v1";
    private static final String THIRD = "https://third.example";

    private Dispatcher withResources() {
        return bare(b -> b.resource(ProtectedResource.of(API, List.of("read", "write"), "The API"))
                .resource(ProtectedResource.of(DATA)).resource(ProtectedResource.of(THIRD))
                .resourcePolicy((client, resource) -> !(client.clientId().equals(ContractFixture.CLIENT2_ID)
                        && resource.equals(DATA))));
    }

    private static List<String> audience(Dispatcher on, String token) {
        Response r = on.post("/introspect", form("token", token), "Authorization",
                Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"aud\":\\[([^\\]]*)\\]").matcher(r.body());
        if (!m.find()) {
            return List.of();
        }
        return java.util.Arrays.stream(m.group(1).split(",")).map(x -> x.replace("\"", "")).toList();
    }

    private static BearerResult bearerAt(Dispatcher on, String path, String token) {
        Request.Builder b = Request.builder("GET", path);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return on.provider().validateBearer(b.build());
    }

    @Test
    @DisplayName("R63 resource indicators: tokens carry the requested resources as aud; a bearer check accepts only tokens for its resource")
    void resourceIndicators() {
        Dispatcher r = withResources();
        Response code = r.authorize(form("response_type", "code", "client_id", ContractFixture.CLIENT_ID, "redirect_uri",
                ContractFixture.REDIRECT_URI, "code_challenge", Dispatcher.CHALLENGE, "code_challenge_method", "S256",
                "resource", API, "resource", DATA));
        assertThat(code.status()).isEqualTo(302);
        String c = Wire.query(code.header("Location")).get("code");
        Response tokens = r.token("grant_type", "authorization_code", "code", c, "redirect_uri",
                ContractFixture.REDIRECT_URI, "code_verifier", Dispatcher.VERIFIER, "resource", API);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        String forApi = Dispatcher.field(tokens, "access_token");
        assertThat(audience(r, forApi)).containsExactly(API);
        assertThat(bearerAt(r, "/api/me", forApi)).isInstanceOf(BearerResult.Authorized.class);
        assertThat(bearerAt(r, "/elsewhere", forApi)).isInstanceOf(BearerResult.Authorized.class);

        // the refresh narrows to another resource of the grant, never to one outside it
        String refresh = Dispatcher.field(tokens, "refresh_token");
        Response narrowed = r.token("grant_type", "refresh_token", "refresh_token", refresh, "resource", DATA);
        assertThat(narrowed.status()).as(narrowed.body()).isEqualTo(200);
        String forData = Dispatcher.field(narrowed, "access_token");
        assertThat(audience(r, forData)).containsExactly(DATA);
        assertThat(rejected(bearerAt(r, "/api/me", forData)).status()).isEqualTo(401);
        assertThat(rejected(bearerAt(r, "/api/me", forData)).body()).contains("not for this resource");
        assertError(r.token("grant_type", "refresh_token", "refresh_token", Dispatcher.field(narrowed, "refresh_token"),
                "resource", THIRD), 400, "invalid_target");
        Response both = r.token("grant_type", "refresh_token", "refresh_token", Dispatcher.field(narrowed, "refresh_token"));
        assertThat(audience(r, Dispatcher.field(both, "access_token"))).containsExactly(API, DATA);
    }

    @Test
    @DisplayName("R63 unknown or disallowed resources are invalid_target; without resource a token is for every resource the client may use")
    void resourceRefusals() {
        Dispatcher r = withResources();
        Response unknown = r.authorize(form("response_type", "code", "client_id", ContractFixture.CLIENT_ID, "redirect_uri",
                ContractFixture.REDIRECT_URI, "code_challenge", Dispatcher.CHALLENGE, "code_challenge_method", "S256",
                "resource", "https://unknown.example"));
        assertThat(Wire.query(unknown.header("Location")).get("error")).isEqualTo("invalid_target");
        assertError(r.token("grant_type", "client_credentials", "resource", "https://unknown.example"), 400,
                "invalid_target");
        assertError(r.token("grant_type", "client_credentials", "resource", "not a uri"), 400, "invalid_target");
        Response cc = r.token("grant_type", "client_credentials", "resource", DATA);
        assertThat(audience(r, Dispatcher.field(cc, "access_token"))).containsExactly(DATA);
        Response all = r.token("grant_type", "client_credentials");
        assertThat(audience(r, Dispatcher.field(all, "access_token"))).containsExactly(API, DATA, THIRD);
        // abc2 may not use DATA
        Response denied = r.authorize(form("response_type", "code", "client_id", ContractFixture.CLIENT2_ID,
                "redirect_uri", ContractFixture.REDIRECT_URI, "code_challenge", Dispatcher.CHALLENGE,
                "code_challenge_method", "S256", "resource", DATA));
        assertThat(Wire.query(denied.header("Location")).get("error")).isEqualTo("invalid_target");
        // a token from before resources were configured has no audience: refused by a resource
        String old = Dispatcher.field(d.token("grant_type", "client_credentials"), "access_token");
        assertThat(rejected(bearerAt(r, "/api/me", old)).status()).isEqualTo(401);
    }

    @Test
    @DisplayName("R64 protected resource metadata (RFC 9728) is served, and named in the resource's 401 challenges")
    void protectedResourceMetadata() {
        Dispatcher r = withResources();
        assertThat(r.provider().rootPaths()).contains("/.well-known/oauth-protected-resource/api");
        assertThat(r.provider().paths()).doesNotContain("/.well-known/oauth-protected-resource/api");
        Response metadata = r.get("/.well-known/oauth-protected-resource/api", null);
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(JsonFields.string(metadata.body(), "resource")).isEqualTo(API);
        assertThat(metadata.body()).contains("\"authorization_servers\":[\"" + ISSUER + "\"]")
                .contains("\"scopes_supported\":[\"read\",\"write\"]")
                .contains("\"bearer_methods_supported\":[\"header\"]");
        assertThat(JsonFields.string(metadata.body(), "resource_name")).isEqualTo("The API");
        Response challenge = rejected(bearerAt(r, "/api/me", null));
        assertThat(challenge.status()).isEqualTo(401);
        assertThat(challenge.header("WWW-Authenticate"))
                .contains("resource_metadata=\"" + ISSUER + "/.well-known/oauth-protected-resource/api\"");
        Response invalid = rejected(bearerAt(r, "/api/me", "nope"));
        assertThat(invalid.header("WWW-Authenticate")).contains("error=\"invalid_token\"").contains("resource_metadata=");
        assertThat(rejected(bearerAt(r, "/other", null)).header("WWW-Authenticate")).doesNotContain("resource_metadata");
    }

    // ---- helpers ----

    protected static void assertError(Response r, int status, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(Dispatcher.field(r, "error")).as(r.body()).isEqualTo(error);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
