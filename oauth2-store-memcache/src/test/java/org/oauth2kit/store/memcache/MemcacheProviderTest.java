package org.oauth2kit.store.memcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.BearerResult;
import org.oauth2kit.Provider;
import org.oauth2kit.testkit.Sha256;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.ContractSiteAdapter;
import org.oauth2kit.testkit.JsonFields;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * Two Providers, as two instances of an application behind a load balancer, sharing one real
 * memcached through their own store instances and connections. Requests go through
 * {@link Provider#dispatch}, as an adapter would send them.
 */
class MemcacheProviderTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static MemcachedServer server;

    private final MutableClock clock = new MutableClock();
    private final List<MemcacheTokenStore> stores = new ArrayList<>();
    private String prefix;
    private Provider first;
    private Provider second;

    @BeforeAll
    static void startMemcached() throws Exception {
        server = MemcachedServer.start();
    }

    @AfterAll
    static void stopMemcached() throws Exception {
        server.close();
    }

    @BeforeEach
    void twoProviders() {
        prefix = "provider" + PREFIXES.incrementAndGet();
        first = provider();
        second = provider();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(MemcacheTokenStore::close);
    }

    private Provider provider() {
        // a generous timeout: these tests share two cores with whatever else runs; the outage test sets its own
        MemcacheTokenStore store = MemcacheTokenStore.builder().servers(server.address()).prefix(prefix).clock(clock)
                .operationTimeout(Duration.ofSeconds(5)).build();
        stores.add(store);
        return ContractFixture.provider(store, store, clock);
    }

    @Test
    @DisplayName("R14 authorize on one Provider, redeem the code and refresh on the other")
    void authorizeHereRedeemThere() {
        String code = authorize(first);
        Response issued = token(second, "grant_type", "authorization_code", "code", code,
                "redirect_uri", ContractFixture.REDIRECT_URI);
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        String access = JsonFields.string(issued.body(), "access_token");
        String refresh = JsonFields.string(issued.body(), "refresh_token");
        assertThat(bearer(first, access)).isInstanceOf(BearerResult.Authorized.class);

        Response refreshed = token(second, "grant_type", "refresh_token", "refresh_token", refresh);
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        String newAccess = JsonFields.string(refreshed.body(), "access_token");
        assertThat(JsonFields.string(refreshed.body(), "refresh_token")).isNotEqualTo(refresh);
        assertThat(bearer(first, newAccess)).isInstanceOf(BearerResult.Authorized.class);
    }

    @Test
    @DisplayName("R15 a code redeemed on one Provider and replayed on the other is refused and revokes its tokens")
    void codeReplayAcrossProviders() {
        String code = authorize(first);
        Response issued = token(first, "grant_type", "authorization_code", "code", code,
                "redirect_uri", ContractFixture.REDIRECT_URI);
        String access = JsonFields.string(issued.body(), "access_token");

        Response replay = token(second, "grant_type", "authorization_code", "code", code,
                "redirect_uri", ContractFixture.REDIRECT_URI);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(JsonFields.string(replay.body(), "error")).isEqualTo("invalid_grant");
        assertThat(bearer(first, access)).isInstanceOf(BearerResult.Rejected.class);
        assertThat(bearer(second, access)).isInstanceOf(BearerResult.Rejected.class);
    }

    @Test
    @DisplayName("R25 a retired refresh token presented to the other Provider revokes the whole family")
    void refreshReuseAcrossProviders() {
        String code = authorize(first);
        Response issued = token(first, "grant_type", "authorization_code", "code", code,
                "redirect_uri", ContractFixture.REDIRECT_URI);
        String refresh = JsonFields.string(issued.body(), "refresh_token");
        Response rotated = token(first, "grant_type", "refresh_token", "refresh_token", refresh);
        assertThat(rotated.status()).isEqualTo(200);
        String newAccess = JsonFields.string(rotated.body(), "access_token");
        String newRefresh = JsonFields.string(rotated.body(), "refresh_token");

        Response reuse = token(second, "grant_type", "refresh_token", "refresh_token", refresh);
        assertThat(reuse.status()).isEqualTo(400);
        assertThat(JsonFields.string(reuse.body(), "error")).isEqualTo("invalid_grant");
        assertThat(bearer(first, newAccess)).isInstanceOf(BearerResult.Rejected.class);
        Response afterRevocation = token(first, "grant_type", "refresh_token", "refresh_token", newRefresh);
        assertThat(afterRevocation.status()).isEqualTo(400);
    }

    @Test
    @DisplayName("R26 concurrent refreshes with one token on both Providers: exactly one succeeds")
    void concurrentRefreshAcrossProviders() throws Exception {
        String code = authorize(first);
        Response issued = token(first, "grant_type", "authorization_code", "code", code,
                "redirect_uri", ContractFixture.REDIRECT_URI);
        String refresh = JsonFields.string(issued.body(), "refresh_token");
        List<Thread> threads = new ArrayList<>();
        AtomicInteger ok = new AtomicInteger();
        for (int i = 0; i < 16; i++) {
            Provider p = i % 2 == 0 ? first : second;
            Thread t = new Thread(() -> {
                if (token(p, "grant_type", "refresh_token", "refresh_token", refresh).status() == 200) {
                    ok.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(ok.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("R29 after a full flow memcached holds no plain code, access token or refresh token")
    void noPlainValuesInMemcached() {
        String code = authorize(first);
        Response issued = token(second, "grant_type", "authorization_code", "code", code,
                "redirect_uri", ContractFixture.REDIRECT_URI);
        String access = JsonFields.string(issued.body(), "access_token");
        String refresh = JsonFields.string(issued.body(), "refresh_token");

        String dump = server.dump(prefix + ":");
        assertThat(dump).contains(Sha256.of(access)).contains(Sha256.of(refresh))
                .contains(Sha256.of(code))
                .doesNotContain(access).doesNotContain(refresh).doesNotContain(code)
                .doesNotContain(ContractFixture.CLIENT_SECRET + "\"");
    }

    @Test
    @DisplayName("R36 memcached killed mid-use: 503 with Retry-After within a bounded time; restarted: served again")
    void outageThroughDispatch() throws Exception {
        MemcachedServer own = MemcachedServer.start();
        try {
            MemcacheTokenStore store = MemcacheTokenStore.builder().servers(own.address()).prefix(prefix).clock(clock)
                    .operationTimeout(TIMEOUT).build();
            stores.add(store);
            Provider provider = ContractFixture.provider(store, store, clock);
            Response before = token(provider, "grant_type", "client_credentials");
            assertThat(before.status()).isEqualTo(200);
            String access = JsonFields.string(before.body(), "access_token");

            own.kill();
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                Response down = token(provider, "grant_type", "client_credentials");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.header("Retry-After")).matches("[1-9][0-9]*");
                assertThat(JsonFields.string(down.body(), "error")).isEqualTo("temporarily_unavailable");
                assertThat(down.body()).doesNotContain("Exception").doesNotContain("access_token");

                start = System.nanoTime();
                BearerResult bearer = bearer(provider, access);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
                assertThat(bearer).isInstanceOfSatisfying(BearerResult.Rejected.class,
                        r -> assertThat(r.response().status()).isEqualTo(503));
            }

            own.restart();
            assertThat(MemcacheTokenStoreTest.eventually(
                    () -> token(provider, "grant_type", "client_credentials").status() == 200)).isTrue();
            Response after = token(provider, "grant_type", "client_credentials");
            assertThat(bearer(provider, JsonFields.string(after.body(), "access_token")))
                    .isInstanceOf(BearerResult.Authorized.class);
        } finally {
            own.close();
        }
    }

    // ---- requests, built by hand as an adapter builds them ----

    /** Signs in as the contract's user and consents; returns the code from the redirect. */
    private static String authorize(Provider provider) {
        Response r = provider.dispatch(post(provider.authorizePath(), form("response_type", "code",
                "client_id", ContractFixture.CLIENT_ID, "redirect_uri", ContractFixture.REDIRECT_URI,
                "scope", "read write", "state", "s1", "username", ContractSiteAdapter.USERNAME,
                "password", ContractSiteAdapter.PASSWORD, "consent", "allow"), null), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        Map<String, String> query = query(URI.create(r.header("Location")).getRawQuery());
        assertThat(query).containsEntry("state", "s1").containsKey("code");
        return query.get("code");
    }

    private static Response token(Provider provider, String... params) {
        return provider.dispatch(post(provider.tokenPath(), form(params), basic()), Map.of());
    }

    private static BearerResult bearer(Provider provider, String accessToken) {
        return provider.validateBearer(Request.builder("GET", "/api/me")
                .header("Authorization", "Bearer " + accessToken).build(), "read");
    }

    private static Request post(String path, String body, String authorization) {
        return Request.builder("POST", path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", authorization)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (ContractFixture.CLIENT_ID + ":" + ContractFixture.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    }

    private static String form(String... kv) {
        StringJoiner j = new StringJoiner("&");
        for (int i = 0; i < kv.length; i += 2) {
            j.add(URLEncoder.encode(kv[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(kv[i + 1],
                    StandardCharsets.UTF_8));
        }
        return j.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
