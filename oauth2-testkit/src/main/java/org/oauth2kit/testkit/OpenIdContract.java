package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.Dispatcher.form;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.BearerResult;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.grant.ImplicitGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.oidc.OpenIdConnect;
import org.oauth2kit.oidc.SigningKey;
import org.oauth2kit.oidc.SigningKeys;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * OpenID Connect through {@link Provider#dispatch} on a store module's real stores (the nonce and
 * the time of authorization travel with the code through the store): discovery, the key set, ID
 * tokens and their signatures with every algorithm, refresh, UserInfo, key rotation. An
 * independent relying party checks the same against the demo (the examples' StrictClientTest).
 */
public abstract class OpenIdContract {
    private static final SigningKey RS256 = SigningKey.generate("RS256");
    private static final List<String> SCOPES = List.of("read", "write", "openid", "profile", "email");

    protected MutableClock clock;
    protected Stores stores;

    /** Creates stores on a real backend; called before every test. */
    protected abstract Stores createStores(MutableClock clock) throws Exception;

    protected void closeStores() throws Exception {
    }

    /** For subclasses: a store module's test extends it. */
    protected OpenIdContract() {
    }

    @BeforeEach
    void setUpStores() throws Exception {
        clock = new MutableClock();
        stores = createStores(clock);
    }

    @AfterEach
    void tearDownStores() throws Exception {
        closeStores();
    }

    private Dispatcher op(SigningKeys keys) {
        Scope scope = new Scope(SCOPES, "read");
        return new Dispatcher(ContractFixture.provider(stores.tokens(), stores.codes(), clock, b -> b
                .openIdConnect(OpenIdConnect.builder(keys).claims((sub, user, scopes) -> Map.of("name", "Alice",
                        "email", "alice@example.com", "email_verified", true, "phone_number", "+1 555 0100")).build())
                .grant(new AuthorizationCodeGrant(scope)).grant(new ImplicitGrant(scope))
                .grant(new ClientCredentialsGrant(scope)).grant(RefreshToken.builder().scope(scope).build())));
    }

    private static final String API = "https://api.example";

    /** An OpenID Provider issuing JWT access tokens for {@link #API}, on {@code tokens}. */
    private Dispatcher jwtOp(Stores on, boolean validateLocally) {
        Scope scope = new Scope(SCOPES, "read");
        return new Dispatcher(ContractFixture.provider(on.tokens(), on.codes(), clock, b -> b
                .openIdConnect(OpenIdConnect.builder(SigningKeys.of(RS256)).jwtAccessTokens(API, validateLocally).build())
                .grant(new AuthorizationCodeGrant(scope)).grant(new ClientCredentialsGrant(scope))
                .grant(RefreshToken.builder().scope(scope).build())));
    }

    private static Response signIn(Dispatcher d, String scope, String nonce) {
        String query = nonce == null
                ? form("response_type", "code", "client_id", ContractFixture.CLIENT_ID, "redirect_uri",
                        ContractFixture.REDIRECT_URI, "scope", scope, "state", "s", "code_challenge",
                        Dispatcher.CHALLENGE, "code_challenge_method", "S256")
                : form("response_type", "code", "client_id", ContractFixture.CLIENT_ID, "redirect_uri",
                        ContractFixture.REDIRECT_URI, "scope", scope, "state", "s", "nonce", nonce, "code_challenge",
                        Dispatcher.CHALLENGE, "code_challenge_method", "S256");
        Response authorized = d.authorize(query);
        assertThat(authorized.status()).as(authorized.header("Location")).isEqualTo(302);
        Response tokens = d.redeem(Wire.query(authorized.header("Location")).get("code"));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens;
    }

    @Test
    @DisplayName("R49 discovery lists the key set, UserInfo, the signing algorithm and openid, consistent with RFC 8414 metadata")
    void discovery() {
        Dispatcher d = op(SigningKeys.of(RS256));
        Response r = d.get("/.well-known/openid-configuration", null);
        assertThat(r.status()).isEqualTo(200);
        String json = r.body();
        assertThat(field(r, "issuer")).isEqualTo(ContractFixture.ISSUER);
        assertThat(field(r, "jwks_uri")).isEqualTo(ContractFixture.ISSUER + "/jwks");
        assertThat(field(r, "userinfo_endpoint")).isEqualTo(ContractFixture.ISSUER + "/userinfo");
        assertThat(json).contains("\"subject_types_supported\":[\"public\"]")
                .contains("\"id_token_signing_alg_values_supported\":[\"RS256\"]").contains("\"openid\"")
                .contains("\"claims_supported\":[");
        Response oauth = d.get("/.well-known/oauth-authorization-server", null);
        for (String member : List.of("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")) {
            assertThat(field(oauth, member)).as(member).isEqualTo(field(r, member));
        }
    }

    @Test
    @DisplayName("R50 the code flow with openid returns an ID token: iss, sub, aud, azp, exp, iat, auth_time, nonce, at_hash, signed RS256 with its kid")
    void idToken() throws Exception {
        Dispatcher d = op(SigningKeys.of(RS256));
        Response tokens = signIn(d, "openid email", "n-0S6_WzA2Mj");
        String idToken = field(tokens, "id_token");
        Map<String, String> header = part(idToken, 0);
        assertThat(header).containsEntry("alg", "RS256").containsEntry("kid", RS256.kid());
        assertThat(verifies(idToken, RS256)).isTrue();
        String claims = decode(idToken.split("\\.")[1]);
        assertThat(JsonFields.string(claims, "iss")).isEqualTo(ContractFixture.ISSUER);
        assertThat(JsonFields.string(claims, "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
        assertThat(JsonFields.string(claims, "aud")).isEqualTo(ContractFixture.CLIENT_ID);
        assertThat(JsonFields.string(claims, "azp")).isEqualTo(ContractFixture.CLIENT_ID);
        assertThat(JsonFields.string(claims, "nonce")).isEqualTo("n-0S6_WzA2Mj");
        long now = clock.instant().getEpochSecond();
        assertThat(JsonFields.number(claims, "iat")).isEqualTo(now);
        assertThat(JsonFields.number(claims, "exp")).isEqualTo(now + 600);
        assertThat(JsonFields.number(claims, "auth_time")).isEqualTo(now);
        byte[] hash = MessageDigest.getInstance("SHA-256")
                .digest(field(tokens, "access_token").getBytes(StandardCharsets.US_ASCII));
        assertThat(JsonFields.string(claims, "at_hash"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)));
        assertThat(field(tokens, "scope")).isEqualTo("openid email");
    }

    @Test
    @DisplayName("R50 no ID token without openid; none for client credentials; no nonce claim when none was sent")
    void noIdToken() {
        Dispatcher d = op(SigningKeys.of(RS256));
        assertThat(signIn(d, "read", null).body()).doesNotContain("id_token");
        assertThat(d.token("grant_type", "client_credentials", "scope", "openid").body()).doesNotContain("id_token");
        String withoutNonce = field(signIn(d, "openid", null), "id_token");
        assertThat(decode(withoutNonce.split("\\.")[1])).doesNotContain("nonce");
    }

    @Test
    @DisplayName("R50 a refresh of an OpenID grant returns a fresh ID token, with the original auth_time and no nonce")
    void refreshIdToken() {
        Dispatcher d = op(SigningKeys.of(RS256));
        Response tokens = signIn(d, "openid", "abc");
        long authTime = JsonFields.number(decode(field(tokens, "id_token").split("\\.")[1]), "auth_time");
        clock.advance(java.time.Duration.ofMinutes(5));
        Response refreshed = d.refresh(field(tokens, "refresh_token"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        String claims = decode(field(refreshed, "id_token").split("\\.")[1]);
        assertThat(JsonFields.number(claims, "auth_time")).isEqualTo(authTime);
        assertThat(JsonFields.number(claims, "iat")).isEqualTo(clock.instant().getEpochSecond());
        assertThat(claims).doesNotContain("nonce");
    }

    @Test
    @DisplayName("R51 UserInfo answers GET and POST with sub and the claims the token's scopes allow, nothing more")
    void userinfo() {
        Dispatcher d = op(SigningKeys.of(RS256));
        String token = field(signIn(d, "openid email", null), "access_token");
        for (String method : List.of("GET", "POST")) {
            Response r = d.send(Request.builder(method, "/userinfo").header("Authorization", "Bearer " + token)
                    .build());
            assertThat(r.status()).as(method + " " + r.body()).isEqualTo(200);
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            assertThat(field(r, "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
            assertThat(field(r, "email")).isEqualTo("alice@example.com");
            assertThat(r.body()).contains("\"email_verified\":true").doesNotContain("name").doesNotContain("phone");
        }
        String profile = field(signIn(d, "openid profile", null), "access_token");
        Response withProfile = d.send(Request.builder("GET", "/userinfo").header("Authorization", "Bearer " + profile)
                .build());
        assertThat(field(withProfile, "name")).isEqualTo("Alice");
        assertThat(withProfile.body()).doesNotContain("email");
    }

    @Test
    @DisplayName("R51 UserInfo refuses a missing token (401), and a token without openid (403 insufficient_scope)")
    void userinfoRefusals() {
        Dispatcher d = op(SigningKeys.of(RS256));
        Response none = d.get("/userinfo", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        String readOnly = field(signIn(d, "read", null), "access_token");
        Response noOpenId = d.send(Request.builder("GET", "/userinfo").header("Authorization", "Bearer " + readOnly)
                .build());
        assertThat(noOpenId.status()).isEqualTo(403);
        assertThat(noOpenId.header("WWW-Authenticate")).contains("insufficient_scope");
    }

    @Test
    @DisplayName("R52 ES256 and EdDSA keys sign ID tokens that verify with their published JWKs")
    void algorithms() throws Exception {
        for (String alg : List.of("ES256", "EdDSA")) {
            SigningKey key = SigningKey.generate(alg);
            Dispatcher d = op(SigningKeys.of(key));
            String idToken = field(signIn(d, "openid", "n"), "id_token");
            assertThat(part(idToken, 0)).as(alg).containsEntry("alg", alg).containsEntry("kid", key.kid());
            assertThat(verifies(idToken, key)).as(alg).isTrue();
            assertThat(d.get("/jwks", null).body()).contains("\"kid\":\"" + key.kid() + "\"")
                    .contains("\"alg\":\"" + alg + "\"");
        }
    }

    @Test
    @DisplayName("R52 rotation: the previous key stays published, so what it signed still verifies; a token signed by another key does not")
    void rotation() throws Exception {
        SigningKey next = SigningKey.generate("RS256");
        String signedBefore = field(signIn(op(SigningKeys.of(RS256)), "openid", "n"), "id_token");
        Dispatcher rotated = op(SigningKeys.of(next, RS256));
        String jwks = rotated.get("/jwks", null).body();
        assertThat(jwks).contains("\"kid\":\"" + next.kid() + "\"").contains("\"kid\":\"" + RS256.kid() + "\"");
        String signedAfter = field(signIn(rotated, "openid", "n"), "id_token");
        assertThat(part(signedAfter, 0)).containsEntry("kid", next.kid());
        assertThat(verifies(signedBefore, RS256)).isTrue();
        assertThat(verifies(signedAfter, next)).isTrue();
        assertThat(verifies(signedAfter, RS256)).as("another key").isFalse();
    }

    @Test
    @DisplayName("R53 prompt=none answers without a page: login_required when nobody is signed in, consent_required when only consent is missing")
    void promptNone() {
        Dispatcher d = op(SigningKeys.of(RS256));
        String query = form("response_type", "code", "client_id", ContractFixture.CLIENT_ID, "redirect_uri",
                ContractFixture.REDIRECT_URI, "scope", "openid", "state", "s", "prompt", "none", "code_challenge",
                Dispatcher.CHALLENGE, "code_challenge_method", "S256");
        Response anonymous = d.get("/authorize", query);
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(Wire.query(anonymous.header("Location"))).containsEntry("error", "login_required")
                .containsEntry("state", "s").containsEntry("iss", ContractFixture.ISSUER);
        Response signedIn = d.send(Request.builder("POST", "/authorize").rawQuery(query)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form("username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)).build());
        assertThat(Wire.query(signedIn.header("Location"))).containsEntry("error", "consent_required");
        Response mixed = d.get("/authorize", query.replace("prompt=none", "prompt=none+login"));
        assertThat(Wire.query(mixed.header("Location"))).containsEntry("error", "invalid_request");
        Response allowed = d.authorize(query);
        assertThat(Wire.query(allowed.header("Location"))).containsKey("code");
    }

    @Test
    @DisplayName("R54 JWT access tokens (RFC 9068): typ at+jwt, kid, iss, sub, aud, exp, iat, jti, client_id, scope; signed with the keys")
    void jwtAccessTokenShape() throws Exception {
        Dispatcher d = jwtOp(stores, true);
        String token = field(signIn(d, "openid read", null), "access_token");
        assertThat(decode(token.split("\\.")[0])).contains("\"typ\":\"at+jwt\"");
        assertThat(part(token, 0)).containsEntry("alg", "RS256").containsEntry("kid", RS256.kid());
        assertThat(verifies(token, RS256)).isTrue();
        String claims = decode(token.split("\\.")[1]);
        assertThat(JsonFields.string(claims, "iss")).isEqualTo(ContractFixture.ISSUER);
        assertThat(JsonFields.string(claims, "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
        assertThat(JsonFields.string(claims, "aud")).isEqualTo(API);
        assertThat(JsonFields.string(claims, "client_id")).isEqualTo(ContractFixture.CLIENT_ID);
        assertThat(JsonFields.string(claims, "scope")).isEqualTo("openid read");
        assertThat(JsonFields.string(claims, "jti")).hasSizeGreaterThanOrEqualTo(22);
        assertThat(JsonFields.number(claims, "exp") - JsonFields.number(claims, "iat")).isEqualTo(3600L);
        String cc = field(d.token("grant_type", "client_credentials"), "access_token");
        assertThat(JsonFields.string(decode(cc.split("\\.")[1]), "sub")).isEqualTo(ContractFixture.CLIENT_ID);
        Response introspected = d.post("/introspect", form("token", token), "Authorization",
                Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(introspected.body()).contains("\"active\":true");
    }

    @Test
    @DisplayName("R54 locally validated JWT access tokens are accepted without a store read, refused when signed by another key, expired, for another audience or of another type")
    void jwtLocalValidation() {
        FailingStores failing = new FailingStores(stores);
        Dispatcher d = jwtOp(new Stores(failing, failing, stores.rawDump()), true);
        String token = field(signIn(d, "openid read", null), "access_token");
        failing.down(true);
        try {
            BearerResult ok = d.bearer(token, "read");
            assertThat(ok.isAuthorized()).as("the store is down, the signature suffices").isTrue();
            assertThat(ok.accessToken().orElseThrow().subject()).isEqualTo(ContractSiteAdapter.USERNAME);
            assertThat(d.bearer(token, "write").rejection().orElseThrow().status()).isEqualTo(403);
            String[] parts = token.split("\\.");
            String claims = decode(parts[1]);
            SigningKey other = SigningKey.generate("RS256");
            String foreign = other.sign("at+jwt", claims).replaceFirst("^[^.]+", parts[0]);
            String otherAudience = RS256.sign("at+jwt", claims.replace(API, "https://elsewhere.example"));
            String wrongType = RS256.sign("JWT", claims);
            for (String bad : List.of(foreign, otherAudience, wrongType, parts[0] + "." + parts[1] + ".AAAA",
                    "a.b.c")) {
                Response refused = d.bearer(bad).rejection().orElseThrow();
                assertThat(refused.status()).as(bad).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
            }
            clock.advance(java.time.Duration.ofHours(1).plusSeconds(1));
            assertThat(d.bearer(token).rejection().orElseThrow().status()).as("expired").isEqualTo(401);
        } finally {
            failing.down(false);
        }
    }

    @Test
    @DisplayName("R54 revocation: with store validation a revoked JWT access token is refused at once; locally validated, it lives until it expires")
    void jwtRevocation() {
        for (boolean local : List.of(false, true)) {
            Dispatcher d = jwtOp(stores, local);
            String token = field(signIn(d, "openid read", null), "access_token");
            assertThat(d.bearer(token).isAuthorized()).isTrue();
            d.post("/revoke", form("token", token), "Authorization",
                    Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            assertThat(d.bearer(token).isAuthorized()).as("validated locally: %s", local).isEqualTo(local);
        }
    }

    @Test
    @DisplayName("R55 with the implicit grant registered, response_type=id_token returns an ID token with the nonce in the fragment; nonce is required")
    void idTokenResponseType() throws Exception {
        Dispatcher d = op(SigningKeys.of(RS256));
        String query = form("response_type", "id_token", "client_id", ContractFixture.CLIENT_ID, "redirect_uri",
                ContractFixture.REDIRECT_URI, "scope", "openid", "state", "s", "nonce", "n-55");
        Response r = d.authorize(query);
        assertThat(r.status()).as(r.header("Location")).isEqualTo(302);
        Map<String, String> fragment = Wire.fragment(r.header("Location"));
        assertThat(fragment).containsEntry("state", "s").containsEntry("iss", ContractFixture.ISSUER)
                .doesNotContainKey("access_token").doesNotContainKey("code");
        String idToken = fragment.get("id_token");
        assertThat(verifies(idToken, RS256)).isTrue();
        String claims = decode(idToken.split("\\.")[1]);
        assertThat(JsonFields.string(claims, "nonce")).isEqualTo("n-55");
        assertThat(claims).doesNotContain("at_hash");
        Response noNonce = d.authorize(query.replace("&nonce=n-55", ""));
        assertThat(Wire.fragment(noNonce.header("Location"))).containsEntry("error", "invalid_request");
        assertThat(d.get("/.well-known/openid-configuration", null).body()).contains("\"id_token\"")
                .contains("\"code id_token\"");
    }

    @Test
    @DisplayName("R55 response_type=code id_token returns a code and an ID token with c_hash; the code redeems, with the same nonce")
    void hybrid() throws Exception {
        Dispatcher d = op(SigningKeys.of(RS256));
        String query = form("response_type", "code id_token", "client_id", ContractFixture.CLIENT_ID, "redirect_uri",
                ContractFixture.REDIRECT_URI, "scope", "openid", "state", "s", "nonce", "n-hy", "code_challenge",
                Dispatcher.CHALLENGE, "code_challenge_method", "S256");
        Map<String, String> fragment = Wire.fragment(d.authorize(query).header("Location"));
        String code = fragment.get("code");
        String claims = decode(fragment.get("id_token").split("\\.")[1]);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII));
        assertThat(JsonFields.string(claims, "c_hash"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16)));
        Response tokens = d.redeem(code);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(JsonFields.string(decode(field(tokens, "id_token").split("\\.")[1]), "nonce")).isEqualTo("n-hy");
    }

    @Test
    @DisplayName("R55 without the implicit grant, id_token and code id_token are unsupported response types")
    void noFrontChannelWithoutImplicit() {
        Scope scope = new Scope(SCOPES, "read");
        Provider.Builder b = Provider.builder().issuer(ContractFixture.ISSUER).accessTokenStore(stores.tokens())
                .authCodeStore(stores.codes()).clientStore(ContractFixture.clients())
                .siteAdapter(new ContractSiteAdapter()).clock(clock)
                .openIdConnect(OpenIdConnect.builder(SigningKeys.of(RS256)).build())
                .grant(new AuthorizationCodeGrant(scope));
        Dispatcher d = new Dispatcher(b.build());
        for (String type : List.of("id_token", "code id_token")) {
            Response r = d.authorize(form("response_type", type, "client_id", ContractFixture.CLIENT_ID,
                    "redirect_uri", ContractFixture.REDIRECT_URI, "scope", "openid", "nonce", "n", "state", "s"));
            assertThat(Wire.query(r.header("Location"))).as(type).containsEntry("error", "unsupported_response_type");
        }
    }

    private static Map<String, String> part(String jwt, int index) {
        String json = decode(jwt.split("\\.")[index]);
        return Map.of("alg", String.valueOf(JsonFields.string(json, "alg")), "kid",
                String.valueOf(JsonFields.string(json, "kid")));
    }

    private static String decode(String b64) {
        return new String(Base64.getUrlDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    /** Verifies a compact JWS with the JDK alone. */
    static boolean verifies(String jwt, SigningKey key) throws Exception {
        int dot = jwt.lastIndexOf('.');
        byte[] input = jwt.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = Base64.getUrlDecoder().decode(jwt.substring(dot + 1));
        Signature verifier = Signature.getInstance(switch (key.alg()) {
            case "RS256" -> "SHA256withRSA";
            case "ES256" -> "SHA256withECDSAinP1363Format"; // R || S, as JWS has it
            default -> "Ed25519";
        });
        verifier.initVerify(key.publicKey());
        verifier.update(input);
        return verifier.verify(signature);
    }
}
