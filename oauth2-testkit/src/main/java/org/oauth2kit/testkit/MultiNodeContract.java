package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.Dispatcher.enc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.device.DeviceFlow;
import org.oauth2kit.dpop.Dpop;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.par.PushedAuthorizationRequests;
import org.oauth2kit.store.EphemeralStore;

/**
 * Several server processes as one (R48): two Providers, each behind its own HTTP server on its own
 * port, on two store instances connected to one backend, as two processes behind a load balancer
 * would be. What one node issues, the other honours; what must happen once happens once across
 * both; what one revokes, the other refuses at once. Every networked store runs it.
 */
public abstract class MultiNodeContract {
    /** The HTTP contract's client: HTTP/1.1, redirects not followed. */
    private static final HttpClient HTTP = HttpContract.HTTP;

    private MutableClock clock;
    private final List<Stores> opened = new ArrayList<>();
    private Node a;
    private Node b;

    /**
     * Stores on the one shared backend. Called once per node: each call must open a new client
     * (connection, pool) to the same backend, as a separate process would.
     */
    protected abstract Stores createStores(MutableClock clock) throws Exception;

    /** Called once per test before the nodes' stores are created, e.g. to pick a fresh database. */
    protected void prepareBackend() throws Exception {
    }

    /**
     * The ephemeral store of a node on the same backend (device codes, pushed requests, DPoP
     * {@code jti}s): by default the node's token store, when it is one.
     */
    protected EphemeralStore createEphemeralStore(MutableClock clock, Stores stores) throws Exception {
        if (stores.tokens() instanceof EphemeralStore ephemeral) {
            return ephemeral;
        }
        throw new IllegalStateException("override createEphemeralStore: the token store is no EphemeralStore");
    }

    /** Closes what one {@link #createStores} call opened. */
    protected void closeStores(Stores stores) throws Exception {
    }

    /** For subclasses: a store module's test extends it. */
    protected MultiNodeContract() {
    }

    @BeforeEach
    void startNodes() throws Exception {
        clock = new MutableClock();
        prepareBackend();
        a = new Node(provider());
        b = new Node(provider());
    }

    private org.oauth2kit.Provider provider() throws Exception {
        Stores stores = createStores(clock);
        opened.add(stores);
        DeviceFlow device = DeviceFlow.builder().scope(new Scope(ContractFixture.SCOPES, "read")).build();
        return ContractFixture.builder(stores.tokens(), stores.codes(), ExtensionsContract.clients(), clock)
                .ephemeralStore(createEphemeralStore(clock, stores))
                .grant(device.grant()).endpoint(device.authorizationEndpoint()).endpoint(device.verificationEndpoint())
                .endpoint(PushedAuthorizationRequests.builder().build())
                .dpop(Dpop.builder().build())
                .build();
    }

    @AfterEach
    void stopNodes() throws Exception {
        a.close();
        b.close();
        for (Stores stores : opened) {
            closeStores(stores);
        }
    }

    @Test
    @DisplayName("R48 a code issued by one node is redeemed by the other, and the token works on both")
    void codeAcrossNodes() throws Exception {
        String code = code(a);
        HttpResponse<String> tokens = redeem(b, code);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String access = JsonFields.string(tokens.body(), "access_token");
        assertThat(me(a, access).statusCode()).isEqualTo(200);
        assertThat(me(b, access).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("R48 a second redemption on the other node is refused and revokes what the first bought, on both nodes")
    void secondRedemptionAcrossNodes() throws Exception {
        String code = code(a);
        String access = JsonFields.string(redeem(a, code).body(), "access_token");
        HttpResponse<String> again = redeem(b, code);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(JsonFields.string(again.body(), "error")).isEqualTo("invalid_grant");
        assertThat(me(a, access).statusCode()).isEqualTo(401);
        assertThat(me(b, access).statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("R48 one refresh token raced on both nodes at once: exactly one refresh succeeds")
    void refreshRaceAcrossNodes() throws Exception {
        for (int round = 0; round < 5; round++) {
            String refresh = JsonFields.string(redeem(a, code(a)).body(), "refresh_token");
            List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                racing.add(tokenAsync(i % 2 == 0 ? a : b, "grant_type=refresh_token&refresh_token=" + enc(refresh)));
            }
            long won = 0;
            for (CompletableFuture<HttpResponse<String>> f : racing) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 200) {
                    won++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
                    assertThat(JsonFields.string(r.body(), "error")).as(r.body()).isEqualTo("invalid_grant");
                }
            }
            assertThat(won).as("round %d", round).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("R48 a revocation on one node is seen by the other at once")
    void revocationAcrossNodes() throws Exception {
        HttpResponse<String> tokens = redeem(a, code(a));
        String access = JsonFields.string(tokens.body(), "access_token");
        String refresh = JsonFields.string(tokens.body(), "refresh_token");
        HttpResponse<String> revoked = post(a, "/revoke", "token=" + enc(refresh) + "&token_type_hint=refresh_token");
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(me(b, access).statusCode()).isEqualTo(401);
        HttpResponse<String> introspected = post(b, "/introspect", "token=" + enc(access));
        assertThat(JsonFields.bool(introspected.body(), "active")).isFalse();
        HttpResponse<String> refreshed = post(b, "/token", "grant_type=refresh_token&refresh_token=" + enc(refresh));
        assertThat(refreshed.statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("R48 R58 a device allowed through one node gets its tokens by polling the other, once")
    void deviceAcrossNodes() throws Exception {
        HttpResponse<String> codes = post(a, "/device_authorization", "scope=read");
        assertThat(codes.statusCode()).as(codes.body()).isEqualTo(200);
        String deviceCode = JsonFields.string(codes.body(), "device_code");
        String poll = "grant_type=" + enc(DeviceFlow.GRANT_TYPE) + "&device_code=" + enc(deviceCode);
        assertThat(JsonFields.string(post(b, "/token", poll).body(), "error")).isEqualTo("authorization_pending");
        HttpResponse<String> allowed = HTTP.send(HttpRequest.newBuilder(URI.create(b.base() + "/device?user_code="
                + enc(JsonFields.string(codes.body(), "user_code"))))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + ContractSiteAdapter.USERNAME + "&password="
                        + ContractSiteAdapter.PASSWORD + "&consent=allow"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(10));
        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racing.add(tokenAsync(i % 2 == 0 ? a : b, poll));
        }
        long won = 0;
        for (CompletableFuture<HttpResponse<String>> f : racing) {
            won += f.get().statusCode() == 200 ? 1 : 0;
        }
        assertThat(won).isEqualTo(1);
    }

    @Test
    @DisplayName("R48 R57 a request pushed to one node is completed on the other, and only once")
    void pushedRequestAcrossNodes() throws Exception {
        HttpResponse<String> pushed = post(a, "/par", "response_type=code&redirect_uri=" + enc(ContractFixture.REDIRECT_URI)
                + "&scope=read&code_challenge=" + Dispatcher.CHALLENGE + "&code_challenge_method=S256");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        String query = "client_id=" + ContractFixture.CLIENT_ID + "&request_uri="
                + enc(JsonFields.string(pushed.body(), "request_uri"));
        HttpResponse<String> first = consent(b, query);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
        assertThat(Wire.query(first.headers().firstValue("Location").orElseThrow()).get("code")).isNotBlank();
        assertThat(consent(a, query).statusCode()).as("used on the other node").isEqualTo(400);
    }

    @Test
    @DisplayName("R48 R60 a DPoP proof accepted by one node is a replay on the other")
    void dpopReplayAcrossNodes() throws Exception {
        DpopProver key = DpopProver.es256();
        HttpResponse<String> tokens = HTTP.send(HttpRequest.newBuilder(postRequest(a, "/token",
                "grant_type=client_credentials"), (name, value) -> true)
                .header("DPoP", key.proof("POST", ContractFixture.ISSUER + "/token", clock.instant())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String access = JsonFields.string(tokens.body(), "access_token");
        String proof = key.proof("GET", ContractFixture.ISSUER + "/api/me", clock.instant(), access, null);
        assertThat(dpopMe(a, access, proof).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = dpopMe(b, access, proof);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_dpop_proof");
    }

    private static HttpResponse<String> dpopMe(Node node, String token, String proof) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.base() + "/api/me"))
                .header("Authorization", "DPoP " + token).header("DPoP", proof).timeout(Duration.ofSeconds(20)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Alice signs in and allows on {@code node}, for this authorization request query. */
    private static HttpResponse<String> consent(Node node, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.base() + "/authorize?" + query))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + ContractSiteAdapter.USERNAME + "&password="
                        + ContractSiteAdapter.PASSWORD + "&consent=allow"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Alice allows client abc on {@code node}; returns the code. */
    private static String code(Node node) throws Exception {
        String query = "response_type=code&client_id=" + ContractFixture.CLIENT_ID + "&redirect_uri="
                + enc(ContractFixture.REDIRECT_URI) + "&scope=read&state=s&code_challenge=" + Dispatcher.CHALLENGE
                + "&code_challenge_method=S256";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.base() + "/authorize?" + query))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + ContractSiteAdapter.USERNAME + "&password="
                        + ContractSiteAdapter.PASSWORD + "&consent=allow"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return Wire.query(r.headers().firstValue("Location").orElseThrow()).get("code");
    }

    private static HttpResponse<String> redeem(Node node, String code) throws Exception {
        return post(node, "/token", "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri="
                + enc(ContractFixture.REDIRECT_URI) + "&code_verifier=" + Dispatcher.VERIFIER);
    }

    private static HttpResponse<String> me(Node node, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.base() + "/api/me"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(Node node, String path, String form) throws Exception {
        return HTTP.send(postRequest(node, path, form), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> tokenAsync(Node node, String form) {
        return HTTP.sendAsync(postRequest(node, "/token", form), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest postRequest(Node node, String path, String form) {
        return HttpRequest.newBuilder(URI.create(node.base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(30)).build();
    }
}
