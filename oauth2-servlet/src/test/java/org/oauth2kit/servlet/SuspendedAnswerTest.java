package org.oauth2kit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
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

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.Provider;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.Dispatcher;
import org.oauth2kit.testkit.MutableClock;

/**
 * A token request suspended while its store saves is answered on the container's threads, never
 * on the thread that completed the save: that thread is the store's (a JDBC writer, a Redis I/O
 * thread), and a blocking write to a client slow to read would stall every save behind it.
 */
class SuspendedAnswerTest {
    private static final String STORE_THREAD = "store-io";

    private final ExecutorService storeThread = Executors.newSingleThreadExecutor(r -> new Thread(r, STORE_THREAD));
    private final Set<String> savedOn = ConcurrentHashMap.newKeySet();
    private final Set<String> writtenOn = ConcurrentHashMap.newKeySet();
    private final Set<Boolean> suspended = ConcurrentHashMap.newKeySet();
    /** Opened once the request thread has left the servlet: the request is suspended, not waiting. */
    private final AtomicReference<CountDownLatch> servletLeft = new AtomicReference<>(new CountDownLatch(1));
    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        storeThread.shutdownNow();
    }

    @Test
    @DisplayName("R68 a suspended token answer is written on the container's threads, not on the store's")
    void answerLeavesTheStoreThread() throws Exception {
        MutableClock clock = new MutableClock();
        MemoryTokenStore memory = new MemoryTokenStore(clock);
        Provider provider = ContractFixture.provider(new SavesOnItsOwnThread(memory), memory, clock);
        URI base = start(provider);

        for (int i = 0; i < 20; i++) {
            HttpURLConnection c = (HttpURLConnection) base.resolve("/token").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            c.setRequestProperty("Authorization",
                    Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            try (OutputStream out = c.getOutputStream()) {
                out.write("grant_type=client_credentials".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(c.getResponseCode()).isEqualTo(200);
            try (InputStream in = c.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"access_token\"");
            }
        }
        assertThat(suspended).as("every request took the suspended path").containsExactly(true);
        assertThat(savedOn).containsExactly(STORE_THREAD);
        assertThat(writtenOn).isNotEmpty().doesNotContain(STORE_THREAD);
    }

    private URI start(Provider provider) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder recorder = new FilterHolder(new RecordWritingThread());
        recorder.setAsyncSupported(true);
        context.addFilter(recorder, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder oauth = new ServletHolder(new OAuth2Servlet(provider));
        oauth.setAsyncSupported(true);
        context.addServlet(oauth, "/*");
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
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
            CountDownLatch left = servletLeft.get();
            return CompletableFuture.runAsync(() -> {
                savedOn.add(Thread.currentThread().getName());
                tokens.saveToken(token);
                try {
                    // completes after the request thread has returned, as a real store's slower save does
                    suspended.add(left.await(5, TimeUnit.SECONDS));
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

    /** Notes the thread of every write to the response body, and when the request thread leaves. */
    private final class RecordWritingThread implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            CountDownLatch left = new CountDownLatch(1);
            servletLeft.set(left);
            try {
                chain.doFilter(req, new HttpServletResponseWrapper((HttpServletResponse) res) {
                @Override
                public ServletOutputStream getOutputStream() throws IOException {
                    ServletOutputStream out = super.getOutputStream();
                    return new ServletOutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            writtenOn.add(Thread.currentThread().getName());
                            out.write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            writtenOn.add(Thread.currentThread().getName());
                            out.write(b, off, len);
                        }

                        @Override
                        public void flush() throws IOException {
                            out.flush();
                        }

                        @Override
                        public void close() throws IOException {
                            out.close();
                        }

                        @Override
                        public boolean isReady() {
                            return out.isReady();
                        }

                        @Override
                        public void setWriteListener(WriteListener listener) {
                            out.setWriteListener(listener);
                        }
                    };
                }
            });
            } finally {
                left.countDown();
            }
        }
    }
}
