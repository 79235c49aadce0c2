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
        return ContractFixture.provider(stores.tokens(), stores.codes(), clock);
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
