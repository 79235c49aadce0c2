package org.oauth2kit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.Dispatcher.form;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.registration.ClientIdMetadataDocuments;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.Dispatcher;
import org.oauth2kit.testkit.DocumentServer;
import org.oauth2kit.testkit.JsonFields;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Wire;
import org.oauth2kit.web.Response;

/**
 * Client ID Metadata Documents, fetched over real HTTP from a server on loopback (allowed here for
 * development only), and refused in every way the SSRF rules say (R65).
 */
class ClientIdMetadataDocumentTest {
    private DocumentServer server;
    private String base;
    private MutableClock clock;
    private MemoryTokenStore store;

    @BeforeEach
    void start() throws IOException {
        server = new DocumentServer();
        base = server.base();
        server.serve("/good.json", 200, "application/json", document(base + "/good.json", ContractFixture.REDIRECT_URI, null))
                .serve("/other-id.json", 200, "application/json",
                        document(base + "/good.json", ContractFixture.REDIRECT_URI, null))
                .serve("/secret.json", 200, "application/json",
                        document(base + "/secret.json", ContractFixture.REDIRECT_URI, "client_secret_basic"))
                .serve("/evil-redirect.json", 200, "application/json",
                        document(base + "/evil-redirect.json", "http://evil.example/cb", null))
                .serve("/html.json", 200, "text/html", document(base + "/html.json", ContractFixture.REDIRECT_URI, null))
                .serve("/moved.json", 302, "application/json", "", 0, base + "/good.json")
                .serve("/huge.json", 200, "application/json", "{\"client_id\":\"" + base + "/huge.json\",\"pad\":\""
                        + "x".repeat(20_000) + "\"}")
                .serve("/slow.json", 200, "application/json",
                        document(base + "/slow.json", ContractFixture.REDIRECT_URI, null), 3000, null);
        clock = new MutableClock();
        store = new MemoryTokenStore(clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String document(String clientId, String redirectUri, String authMethod) {
        return "{\"client_id\":\"" + clientId + "\",\"client_name\":\"An MCP client\",\"redirect_uris\":[\""
                + redirectUri + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"]"
                + (authMethod == null ? "" : ",\"token_endpoint_auth_method\":\"" + authMethod + "\"") + "}";
    }

    private int hits(String path) {
        return server.hits(path);
    }

    private Dispatcher provider(Consumer<ClientIdMetadataDocuments.Builder> options) {
        // generous, so that a busy machine does not refuse a good document; the test of the time
        // limit sets a short one
        ClientIdMetadataDocuments.Builder documents = ClientIdMetadataDocuments.builder().timeout(Duration.ofSeconds(10));
        options.accept(documents);
        return new Dispatcher(ContractFixture.builder(store, store, ContractFixture.clients(), clock)
                .clientIdMetadataDocuments(documents.build()).build());
    }

    private static Response authorize(Dispatcher d, String clientId) {
        return d.authorize(form("response_type", "code", "client_id", clientId, "redirect_uri",
                ContractFixture.REDIRECT_URI, "code_challenge", Dispatcher.CHALLENGE, "code_challenge_method", "S256"));
    }

    @Test
    @DisplayName("R65 a client_id that is a document's URL is fetched once, and the client completes the code flow with PKCE")
    void documentClient() {
        Dispatcher d = provider(ClientIdMetadataDocuments.Builder::allowPrivateNetworks);
        String clientId = base + "/good.json";
        Response code = authorize(d, clientId);
        assertThat(code.status()).as(code.body()).isEqualTo(302);
        Response tokens = d.post("/token", form("grant_type", "authorization_code", "code",
                Wire.query(code.header("Location")).get("code"), "redirect_uri", ContractFixture.REDIRECT_URI,
                "code_verifier", Dispatcher.VERIFIER, "client_id", clientId));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(hits("/good.json")).as("fetched once, then cached").isEqualTo(1);
        assertThat(JsonFields.bool(d.get("/.well-known/oauth-authorization-server", null).body(),
                "client_id_metadata_document_supported")).isTrue();
        // a registered client is still looked up as before
        assertThat(d.code(ContractFixture.CLIENT_ID)).isNotBlank();
        clock.advance(Duration.ofMinutes(11));
        assertThat(authorize(d, clientId).status()).isEqualTo(302);
        assertThat(hits("/good.json")).as("fetched again after the cache lifetime").isEqualTo(2);
    }

    @Test
    @DisplayName("R65 documents that lie about their client_id, need a secret, name a bad redirect URI, are not JSON, redirect, are too large or too slow are refused")
    void badDocuments() {
        Dispatcher d = provider(b -> b.allowPrivateNetworks().timeout(Duration.ofSeconds(1)));
        for (String path : new String[] {"/other-id.json", "/secret.json", "/evil-redirect.json", "/html.json",
                "/moved.json", "/huge.json", "/slow.json", "/missing.json"}) {
            // /slow.json is a good document: only the time limit refuses it
            Response r = authorize(d, base + path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).contains("unknown client");
        }
        assertThat(hits("/good.json")).as("the redirect was not followed").isZero();
        // a failure is remembered for a minute: no second fetch
        authorize(d, base + "/secret.json");
        assertThat(hits("/secret.json")).isEqualTo(1);
    }

    @Test
    @DisplayName("R65 by default nothing on loopback or private networks, and nothing over plain http, is fetched; off unless configured")
    void strictByDefault() {
        Dispatcher d = provider(b -> { });
        assertThat(authorize(d, base + "/good.json").status()).isEqualTo(400);
        assertThat(authorize(d, "https://localhost:" + server.port() + "/good.json").status())
                .isEqualTo(400);
        assertThat(authorize(d, "https://127.0.0.1:" + server.port() + "/good.json").status())
                .isEqualTo(400);
        assertThat(hits("/good.json")).isZero();
        Dispatcher off = new Dispatcher(ContractFixture.provider(store, store, clock));
        assertThat(authorize(off, base + "/good.json").status()).isEqualTo(400);
        assertThat(hits("/good.json")).isZero();
        assertThat(off.get("/.well-known/oauth-authorization-server", null).body())
                .doesNotContain("client_id_metadata_document_supported");
    }
}
