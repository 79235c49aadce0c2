package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.ProviderContract.assertOAuthError;
import static org.oauth2kit.testkit.ProviderContract.flaky;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.web.Response;

/**
 * {@link ProviderContract}: a store that is down (R36), simulated by {@link FailingStores} around
 * the real stores; the store modules' {@link OutageContract} stops their real backend instead.
 */
interface ProviderOutageTests {

    @Test
    @DisplayName("R68 dispatchAsync answers a token request once its token is stored, and a save that fails with 503 and Retry-After, never with the token")
    default void r68AnswerWaitsForTheSave(Stores stores, MutableClock clock) throws Exception {
        FailingStores failing = new FailingStores(stores); // saves asynchronously, a millisecond later, on another thread
        Dispatcher flaky = flaky(failing, clock);
        org.oauth2kit.Provider provider = flaky.provider();
        org.oauth2kit.web.Request request = org.oauth2kit.web.Request.builder("POST", "/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET))
                .body("grant_type=client_credentials".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();

        java.util.concurrent.CompletableFuture<Response> answer = provider.dispatchAsync(request, null).toCompletableFuture();
        Response ok = answer.get(30, TimeUnit.SECONDS);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        // stored before it was sent: valid at once, also through the store itself
        assertThat(flaky.bearer(field(ok, "access_token")).isAuthorized()).isTrue();

        failing.savesDown(true);
        Response refused = provider.dispatchAsync(request, null).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertOAuthError(refused, 503, "temporarily_unavailable");
        assertThat(refused.header("Retry-After")).matches("\\d+");
        assertThat(refused.body()).doesNotContain("access_token");
        failing.savesDown(false);

        // every other request is answered as dispatch answers it, at once
        java.util.concurrent.CompletableFuture<Response> metadata = provider.dispatchAsync(
                org.oauth2kit.web.Request.builder("GET", "/.well-known/oauth-authorization-server").build(), null)
                .toCompletableFuture();
        assertThat(metadata.isDone()).isTrue();
        assertThat(metadata.join().status()).isEqualTo(
                provider.dispatch(org.oauth2kit.web.Request.builder("GET", "/.well-known/oauth-authorization-server").build(), null).status());
    }

    @Test
    @DisplayName("R36 a store that is down gives 503 with Retry-After, and service resumes when it is back")
    default void r36Down(Stores stores, MutableClock clock) {
        FailingStores failing = new FailingStores(stores);
        Dispatcher flaky = flaky(failing, clock);
        Response before = flaky.codeGrant();
        failing.down(true);
        Response down = flaky.token("grant_type", "client_credentials");
        assertOAuthError(down, 503, "temporarily_unavailable");
        assertThat(down.header("Retry-After")).matches("\\d+");
        Response bearer = flaky.bearer(field(before, "access_token")).rejection().orElseThrow();
        assertThat(bearer.status()).isEqualTo(503);
        assertThat(bearer.header("Retry-After")).isNotNull();
        failing.down(false);
        assertThat(flaky.token("grant_type", "client_credentials").status()).isEqualTo(200);
        assertThat(flaky.bearer(field(before, "access_token")).isAuthorized()).isTrue();
    }

    @Test
    @DisplayName("R36 an outage is logged once and then as a count at most every few seconds, not once per request")
    default void r36OutageLogIsBounded(Stores stores, MutableClock clock) {
        FailingStores failing = new FailingStores(stores);
        Dispatcher flaky = flaky(failing, clock);
        Logger logger = Logger.getLogger("org.oauth2kit");
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(String.valueOf(record.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        long started = System.nanoTime();
        try {
            failing.down(true);
            for (int i = 0; i < 200; i++) {
                assertThat(flaky.token("grant_type", "client_credentials").status()).isEqualTo(503);
                assertThat(flaky.bearer("some-token").rejection().orElseThrow().status()).isEqualTo(503);
            }
        } finally {
            logger.removeHandler(handler);
            failing.down(false);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        List<String> outage = warnings.stream().filter(w -> w.contains("store unavailable")).toList();
        // the first failure, then at most one line per five seconds of outage (a slow machine may take a while)
        assertThat(outage).as("400 failed requests in %d s", seconds).isNotEmpty()
                .hasSizeLessThanOrEqualTo(2 + (int) (seconds / 5));
    }

    @Test
    @DisplayName("R36 a token is returned only after it is stored: a failed save returns no token")
    default void r36NothingHalfIssued(Stores stores, MutableClock clock) {
        FailingStores failing = new FailingStores(stores);
        Dispatcher flaky = flaky(failing, clock);
        String code = flaky.code(CLIENT_ID);
        failing.savesDown(true);
        Response r = flaky.redeem(code);
        assertOAuthError(r, 503, "temporarily_unavailable");
        assertThat(r.body()).doesNotContain("access_token");
        failing.savesDown(false);
        Response refreshFlow = flaky.codeGrant();
        failing.savesDown(true);
        assertThat(flaky.refresh(field(refreshFlow, "refresh_token")).body()).doesNotContain("access_token");
    }
}
