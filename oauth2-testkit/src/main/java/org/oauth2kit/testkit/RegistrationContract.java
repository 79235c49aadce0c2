package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.Dispatcher.form;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.registration.ClientRegistration;
import org.oauth2kit.registration.RegistrationPolicy;
import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * Dynamic client registration (RFC 7591) and management (RFC 7592) through a Provider whose clients
 * live in a real {@link ClientRegistry} (R62): clients register, then use what they got; bad
 * metadata is refused with the RFC's errors; registrations are read, updated and deleted with
 * their registration access token only.
 */
public abstract class RegistrationContract {
    protected MutableClock clock;
    protected Stores stores;
    protected ClientRegistry registry;
    protected Dispatcher d;

    protected abstract Stores createStores(MutableClock clock) throws Exception;

    /** A registry on the same backend, holding the contract's clients or not. */
    protected abstract ClientRegistry createRegistry() throws Exception;

    protected void closeStores() throws Exception {
    }

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock();
        stores = createStores(clock);
        registry = createRegistry();
        d = with(r -> r.policy(RegistrationPolicy.open()));
    }

    @AfterEach
    void stop() throws Exception {
        closeStores();
    }

    protected Dispatcher with(Consumer<ClientRegistration.Builder> options) {
        ClientRegistration.Builder registration = ClientRegistration.builder(registry);
        options.accept(registration);
        Provider provider = ContractFixture.builder(stores.tokens(), stores.codes(), registry, clock)
                .endpoint(registration.build()).build();
        return new Dispatcher(provider);
    }

    private static Response register(Dispatcher on, String json, String... headers) {
        return on.post("/register", "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static Response manage(Dispatcher on, String method, String clientId, String token, String json) {
        Request.Builder b = Request.builder(method, "/register").rawQuery("client_id=" + clientId)
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json").body(json.getBytes(StandardCharsets.UTF_8));
        }
        return on.send(b.build());
    }

    private static final String PUBLIC = "{\"redirect_uris\":[\"http://127.0.0.1:9000/cb\"],"
            + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
            + "\"response_types\":[\"code\"],\"client_name\":\"Desktop \\u00e9diteur\",\"scope\":\"read write\","
            + "\"logo_uri\":\"https://ignored.example/logo.png\"}";

    @Test
    @DisplayName("R62 a public client registers itself, then completes the code flow with PKCE with what it got")
    void publicClientRegistersAndSignsIn() {
        Response r = register(d, PUBLIC);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        String clientId = Dispatcher.field(r, "client_id");
        assertThat(clientId).hasSizeGreaterThanOrEqualTo(16);
        assertThat(Dispatcher.field(r, "client_secret")).isNull();
        assertThat(Dispatcher.field(r, "token_endpoint_auth_method")).isEqualTo("none");
        assertThat(Dispatcher.field(r, "client_name")).isEqualTo("Desktop \u00e9diteur");
        assertThat(r.body()).doesNotContain("logo_uri");
        assertThat(Dispatcher.field(r, "registration_client_uri"))
                .isEqualTo(ContractFixture.ISSUER + "/register?client_id=" + clientId);
        assertThat(JsonFields.number(r.body(), "client_id_issued_at")).isEqualTo(clock.instant().getEpochSecond());

        Response code = d.authorize(form("response_type", "code", "client_id", clientId, "redirect_uri",
                "http://127.0.0.1:9000/cb", "scope", "read", "code_challenge", Dispatcher.CHALLENGE,
                "code_challenge_method", "S256"));
        assertThat(code.status()).isEqualTo(302);
        Response tokens = d.post("/token", form("grant_type", "authorization_code", "code",
                Wire.query(code.header("Location")).get("code"), "redirect_uri", "http://127.0.0.1:9000/cb",
                "code_verifier", Dispatcher.VERIFIER, "client_id", clientId));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(Dispatcher.field(tokens, "refresh_token")).isNotNull();
    }

    @Test
    @DisplayName("R62 a confidential client gets a secret, kept as a digest only, and uses it for client credentials")
    void confidentialClient() {
        Response r = register(d, "{\"grant_types\":[\"client_credentials\"],\"response_types\":[],\"scope\":\"read\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String clientId = Dispatcher.field(r, "client_id");
        String secret = Dispatcher.field(r, "client_secret");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        assertThat(Dispatcher.field(r, "token_endpoint_auth_method")).isEqualTo("client_secret_basic");
        assertThat(JsonFields.number(r.body(), "client_secret_expires_at")).isZero();
        Client stored = registry.fetchByClientId(clientId).orElseThrow();
        assertThat(stored.secretDigest()).isNotEqualTo(secret).isEqualTo(Sha256.of(secret));
        assertThat(stored.metadata().toString()).doesNotContain(Dispatcher.field(r, "registration_access_token"));

        Response cc = d.tokenAs(clientId, secret, "grant_type", "client_credentials");
        assertThat(cc.status()).as(cc.body()).isEqualTo(200);
        assertThat(Dispatcher.field(cc, "scope")).isEqualTo("read");
        // registered for "read" only: asking for more is refused
        assertError(d.tokenAs(clientId, secret, "grant_type", "client_credentials", "scope", "write"), 400,
                "invalid_scope");
        assertThat(d.tokenAs(clientId, "wrong", "grant_type", "client_credentials").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("R62 bad registrations are refused: invalid_redirect_uri and invalid_client_metadata, nothing stored")
    void badRegistrations() {
        Map<String, String> redirect = Map.of(
                "{\"redirect_uris\":[\"http://app.example/cb\"]}", "plain http off loopback",
                "{\"redirect_uris\":[\"https://app.example/cb#frag\"]}", "a fragment",
                "{\"redirect_uris\":[\"/relative\"]}", "a relative URI",
                "{\"redirect_uris\":[\"com.example.app:/cb\"]}", "a private-use scheme",
                "{\"redirect_uris\":[]}", "no redirect URI for the code grant",
                "{\"redirect_uris\":\"https://app.example/cb\"}", "not an array",
                "{\"redirect_uris\":[42]}", "not a string");
        redirect.forEach((json, why) -> assertError(register(d, json), 400, "invalid_redirect_uri", why));
        Map<String, String> metadata = Map.of(
                "{\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\"}",
                "an unsupported auth method",
                "{\"redirect_uris\":[\"https://a.example/cb\"],\"response_types\":[\"token\"]}",
                "grant and response types disagree",
                "{\"redirect_uris\":[\"https://a.example/cb\"],\"grant_types\":[\"password\"],\"response_types\":[]}",
                "the password grant",
                "{\"grant_types\":[\"client_credentials\"],\"response_types\":[],\"token_endpoint_auth_method\":\"none\"}",
                "client credentials for a public client",
                "{\"redirect_uris\":[\"https://a.example/cb\"],\"client_name\":42}", "a client_name that is no string",
                "{\"redirect_uris\":[\"https://a.example/cb\"],\"scope\":\"read \\\"write\\\"\"}", "a malformed scope",
                "[1,2,3]", "not a JSON object",
                "{\"redirect_uris\":", "broken JSON");
        metadata.forEach((json, why) -> assertError(register(d, json), 400, "invalid_client_metadata", why));
        assertError(d.post("/register", form("redirect_uris", "https://a.example/cb")), 400, "invalid_client_metadata");
        assertThat(d.get("/register", null).status()).isEqualTo(405);
    }

    @Test
    @DisplayName("R62 with an initial access token policy, registration needs that token; by default nobody may register")
    void initialAccessToken() {
        Dispatcher guarded = with(r -> r.policy(RegistrationPolicy.initialAccessToken("let-me-in")));
        assertError(register(guarded, PUBLIC), 401, "invalid_token");
        assertError(register(guarded, PUBLIC, "Authorization", "Bearer wrong"), 401, "invalid_token");
        assertThat(register(guarded, PUBLIC, "Authorization", "Bearer let-me-in").status()).isEqualTo(201);
        Dispatcher closed = with(r -> { });
        assertError(register(closed, PUBLIC), 401, "invalid_token");
        Dispatcher limited = with(r -> r.policy(RegistrationPolicy.open().and(RegistrationPolicy.perMinute(2))));
        assertThat(register(limited, PUBLIC).status()).isEqualTo(201);
        assertThat(register(limited, PUBLIC).status()).isEqualTo(201);
        assertThat(register(limited, PUBLIC).status()).isEqualTo(429);
    }

    @Test
    @DisplayName("R62 RFC 7592: read, update and delete a registration with its registration access token only")
    void management() {
        Response r = register(d, PUBLIC);
        String clientId = Dispatcher.field(r, "client_id");
        String token = Dispatcher.field(r, "registration_access_token");
        Response other = register(d, PUBLIC);

        Response read = manage(d, "GET", clientId, token, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(Dispatcher.field(read, "client_id")).isEqualTo(clientId);
        assertThat(Dispatcher.field(read, "registration_access_token")).isNull();
        assertError(manage(d, "GET", clientId, "wrong", null), 401, "invalid_token");
        assertError(manage(d, "GET", clientId, Dispatcher.field(other, "registration_access_token"), null), 401,
                "invalid_token");
        assertError(manage(d, "GET", "nobody", token, null), 401, "invalid_token");

        String update = "{\"client_id\":\"" + clientId + "\",\"redirect_uris\":[\"https://new.example/cb\"],"
                + "\"token_endpoint_auth_method\":\"none\",\"client_name\":\"renamed\"}";
        Response updated = manage(d, "PUT", clientId, token, update);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(Dispatcher.field(updated, "client_name")).isEqualTo("renamed");
        assertThat(registry.fetchByClientId(clientId).orElseThrow().redirectUris()).containsExactly("https://new.example/cb");
        assertThat(d.get("/authorize", form("response_type", "code", "client_id", clientId, "redirect_uri",
                "http://127.0.0.1:9000/cb", "code_challenge", Dispatcher.CHALLENGE, "code_challenge_method", "S256"))
                .status()).as("the old redirect URI").isEqualTo(400);
        assertError(manage(d, "PUT", clientId, token, update.replace(clientId, "someone-else")), 400,
                "invalid_client_metadata");
        assertError(manage(d, "PUT", clientId, token, update.replace("\"none\"", "\"client_secret_basic\"")), 400,
                "invalid_client_metadata");

        assertThat(manage(d, "DELETE", clientId, token, null).status()).isEqualTo(204);
        assertThat(registry.fetchByClientId(clientId)).isEmpty();
        assertError(manage(d, "GET", clientId, token, null), 401, "invalid_token");
    }

    @Test
    @DisplayName("R62 a registration with a lifetime ends: the secret's expiry says when, and then the client is unknown")
    void lifetime() {
        Dispatcher shortLived = with(r -> r.policy(RegistrationPolicy.open()).clientLifetime(Duration.ofHours(1)));
        Response r = register(shortLived, "{\"grant_types\":[\"client_credentials\"],\"response_types\":[]}");
        assertThat(JsonFields.number(r.body(), "client_secret_expires_at"))
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)).getEpochSecond());
        String id = Dispatcher.field(r, "client_id");
        String secret = Dispatcher.field(r, "client_secret");
        assertThat(shortLived.tokenAs(id, secret, "grant_type", "client_credentials").status()).isEqualTo(200);
        clock.advance(Duration.ofHours(2));
        assertThat(shortLived.tokenAs(id, secret, "grant_type", "client_credentials").status()).isEqualTo(401);
        assertError(manage(shortLived, "GET", id, Dispatcher.field(r, "registration_access_token"), null), 401,
                "invalid_token");
    }

    @Test
    @DisplayName("R62 metadata names the registration endpoint")
    void metadataNamesEndpoint() {
        assertThat(JsonFields.string(d.get("/.well-known/oauth-authorization-server", null).body(),
                "registration_endpoint")).isEqualTo(ContractFixture.ISSUER + "/register");
    }

    private static void assertError(Response r, int status, String error) {
        assertError(r, status, error, "");
    }

    private static void assertError(Response r, int status, String error, String why) {
        assertThat(r.status()).as(why + ": " + r.body()).isEqualTo(status);
        assertThat(Dispatcher.field(r, "error")).as(why + ": " + r.body()).isEqualTo(error);
    }
}
