package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.Provider;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.Redemption;

/**
 * For an adapter that suspends token requests ({@link Provider#dispatchAsync}): the answer is
 * written on the framework's threads, never on the thread that completed the save. That thread is
 * the store's (a JDBC writer, a Redis I/O thread), and a blocking write to a client slow to read
 * would stall every save behind it.
 *
 * <p>The store here completes each save on its own thread, once the request thread has left the
 * adapter. The adapter module supplies the server and a way to see its response writes: it calls
 * {@link #writing()} on every write to a response body, and {@link #requestEntered()} when a
 * request enters the adapter, running what it returns when the request thread leaves (a servlet
 * filter around the adapter does both).
 */
public abstract class SuspendedAnswerContract {
    /** The name of the store's own thread. */
    public static final String STORE_THREAD = "oauth2kit-test-store-io";

    private final ExecutorService storeThread = Executors.newSingleThreadExecutor(r -> new Thread(r, STORE_THREAD));
    private final Set<String> savedOn = ConcurrentHashMap.newKeySet();
    private final Set<String> writtenOn = ConcurrentHashMap.newKeySet();
    private final Set<Boolean> suspended = ConcurrentHashMap.newKeySet();
    private final AtomicReference<CountDownLatch> left = new AtomicReference<>(new CountDownLatch(1));

    /** Starts the framework on a free port with the adapter serving {@code provider} at the root. */
    protected abstract URI startServer(Provider provider) throws Exception;

    protected abstract void stopServer() throws Exception;

    /** Call on every write to a response body: notes the writing thread. */
    protected final void writing() {
        writtenOn.add(Thread.currentThread().getName());
    }

    /** Call when a request enters the adapter; run what it returns when the request thread leaves. */
    protected final Runnable requestEntered() {
        CountDownLatch latch = new CountDownLatch(1);
        left.set(latch);
        return latch::countDown;
    }

    @AfterEach
    void stopSuspendedAnswerServer() throws Exception {
        stopServer();
        storeThread.shutdownNow();
    }

    @Test
    @DisplayName("R68 a suspended token answer is written on the framework's threads, not on the store's")
    void answerLeavesTheStoreThread() throws Exception {
        MutableClock clock = new MutableClock();
        InMemoryStores memory = new InMemoryStores();
        Provider provider = ContractFixture.provider(new SavesOnItsOwnThread(memory), memory, clock);
        URI base = startServer(provider);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"access_token\"");
        }
        assertThat(suspended).as("every request was suspended while its token was saved").containsExactly(true);
        assertThat(savedOn).containsExactly(STORE_THREAD);
        assertThat(writtenOn).isNotEmpty().doesNotContain(STORE_THREAD);
    }

    /** Saves in memory and completes the save on the store's own thread, as a networked store does. */
    private final class SavesOnItsOwnThread implements AccessTokenStore {
        private final AccessTokenStore tokens;

        SavesOnItsOwnThread(AccessTokenStore tokens) {
            this.tokens = tokens;
        }

        @Override
        public void saveToken(AccessToken token) {
            tokens.saveToken(token);
        }

        @Override
        public CompletionStage<Void> saveTokenAsync(AccessToken token) {
            CountDownLatch requestLeft = left.get();
            return CompletableFuture.runAsync(() -> {
                savedOn.add(Thread.currentThread().getName());
                tokens.saveToken(token);
                try {
                    // completes once the request thread has left the adapter, as a slower save
                    // does; an adapter that waited instead would hold it here until the time limit
                    suspended.add(requestLeft.await(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, storeThread);
        }

        @Override
        public Optional<AccessToken> fetchByToken(String tokenDigest) {
            return tokens.fetchByToken(tokenDigest);
        }

        @Override
        public Optional<AccessToken> fetchByRefreshToken(String refreshTokenDigest) {
            return tokens.fetchByRefreshToken(refreshTokenDigest);
        }

        @Override
        public Redemption<AccessToken> redeemRefreshToken(String refreshTokenDigest) {
            return tokens.redeemRefreshToken(refreshTokenDigest);
        }

        @Override
        public void deleteToken(String tokenDigest) {
            tokens.deleteToken(tokenDigest);
        }

        @Override
        public void revokeFamily(String familyId, Instant rememberUntil) {
            tokens.revokeFamily(familyId, rememberUntil);
        }
    }
}
