package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.store.SeedCompatible;
import org.oauth2kit.token.SecureRandomTokenGenerator;

/**
 * The store contract: what every {@code AccessTokenStore} and {@code AuthCodeStore} must do.
 * A store module extends it with a few lines that supply real stores on a real backend.
 * Expiry is driven by a {@link MutableClock}; atomicity by real threads.
 */
public abstract class StoreContract {
    private static final SecureRandomTokenGenerator RANDOM = new SecureRandomTokenGenerator();

    protected MutableClock clock;
    protected Stores stores;

    /** Creates stores on a real backend; called before every test. */
    protected abstract Stores createStores(MutableClock clock) throws Exception;

    /** Releases what {@link #createStores} opened; called after every test. */
    protected void closeStores() throws Exception {
    }

    /** Threads used by the concurrency tests. */
    protected int threads() {
        return 32;
    }

    /** Codes (and refresh tokens) raced on by the concurrency tests. */
    protected int raceItems() {
        return 200;
    }

    @BeforeEach
    void createStoresUnderTest() throws Exception {
        clock = new MutableClock();
        Stores created = createStores(clock);
        // As the Provider sees them: a store may say "not found" the python-oauth2 way, by throwing.
        stores = new Stores(SeedCompatible.tolerant(created.tokens()), SeedCompatible.tolerant(created.codes()),
                created.rawDump());
    }

    @AfterEach
    void closeStoresUnderTest() throws Exception {
        closeStores();
    }

    protected AccessToken token(String family, boolean withRefresh) {
        Instant now = clock.instant();
        return new AccessToken(Sha256.of(RANDOM.generate()), "abc", "authorization_code", Map.of("sub", "alice"),
                List.of("read", "write"), now, now.plusSeconds(3600),
                withRefresh ? Sha256.of(RANDOM.generate()) : null, withRefresh ? now.plusSeconds(86400) : null,
                family);
    }

    protected AuthorizationCode code() {
        Instant now = clock.instant();
        return new AuthorizationCode(Sha256.of(RANDOM.generate()), "abc", "http://localhost:8081/callback",
                List.of("read"), Map.of("sub", "alice"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256", now,
                now.plusSeconds(60));
    }

    @Test
    @DisplayName("saved tokens are fetched back by access-token and refresh-token digest, unchanged")
    void saveAndFetchToken() {
        AccessToken token = token("f1", true);
        stores.tokens().saveToken(token);
        assertThat(stores.tokens().fetchByToken(token.tokenDigest())).contains(token);
        assertThat(stores.tokens().fetchByRefreshToken(token.refreshTokenDigest())).contains(token);
    }

    @Test
    @DisplayName("a token without refresh token is saved and fetched; unknown digests are empty")
    void tokenWithoutRefresh() {
        AccessToken token = token("f1", false);
        stores.tokens().saveToken(token);
        assertThat(stores.tokens().fetchByToken(token.tokenDigest())).contains(token);
        assertThat(stores.tokens().fetchByToken(Sha256.of("unknown"))).isEmpty();
        assertThat(stores.tokens().fetchByRefreshToken(Sha256.of("unknown"))).isEmpty();
        assertThat(stores.tokens().redeemRefreshToken(Sha256.of("unknown")).outcome())
                .isEqualTo(Redemption.Outcome.NOT_FOUND);
    }

    @Test
    @DisplayName("saved codes are fetched back unchanged until redeemed; unknown codes are not found")
    void saveAndFetchCode() {
        AuthorizationCode code = code();
        stores.codes().saveCode(code);
        assertThat(stores.codes().fetchByCode(code.codeDigest())).contains(code);
        assertThat(stores.codes().fetchByCode(Sha256.of("unknown"))).isEmpty();
        assertThat(stores.codes().redeemCode(Sha256.of("unknown")).outcome())
                .isEqualTo(Redemption.Outcome.NOT_FOUND);
    }

    @Test
    @DisplayName("R68 tokens saved without waiting, from many threads at once, read back once their stages complete")
    void savedWithoutWaiting() throws Exception {
        List<AccessToken> tokens = new ArrayList<>();
        for (int i = 0; i < raceItems(); i++) {
            tokens.add(token("family-" + i, i % 2 == 0));
        }
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(threads());
        try {
            List<Future<CompletableFuture<Void>>> started = new ArrayList<>();
            for (AccessToken t : tokens) {
                started.add(callers.submit(() -> stores.tokens().saveTokenAsync(t).toCompletableFuture()));
            }
            for (Future<CompletableFuture<Void>> f : started) {
                stages.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
        CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (AccessToken t : tokens) {
            assertThat(stores.tokens().fetchByToken(t.tokenDigest())).contains(t);
            if (t.hasRefreshToken()) {
                assertThat(stores.tokens().fetchByRefreshToken(t.refreshTokenDigest())).contains(t);
            }
        }
    }

    @Test
    @DisplayName("R14 a code is redeemed once; a second redemption reports it as already redeemed, with the code")
    void codeRedeemedOnce() {
        AuthorizationCode code = code();
        stores.codes().saveCode(code);
        Redemption<AuthorizationCode> first = stores.codes().redeemCode(code.codeDigest());
        Redemption<AuthorizationCode> second = stores.codes().redeemCode(code.codeDigest());
        assertThat(first.outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
        assertThat(first.value()).isEqualTo(code);
        assertThat(second.outcome()).isEqualTo(Redemption.Outcome.ALREADY_REDEEMED);
        assertThat(second.value()).isEqualTo(code);
        assertThat(stores.codes().fetchByCode(code.codeDigest())).isEmpty();
    }

    @Test
    @DisplayName("R25 a refresh token is retired once; afterwards it is not live and reports already redeemed")
    void refreshRetiredOnce() {
        AccessToken token = token("f1", true);
        stores.tokens().saveToken(token);
        assertThat(stores.tokens().redeemRefreshToken(token.refreshTokenDigest()).outcome())
                .isEqualTo(Redemption.Outcome.REDEEMED);
        Redemption<AccessToken> again = stores.tokens().redeemRefreshToken(token.refreshTokenDigest());
        assertThat(again.outcome()).isEqualTo(Redemption.Outcome.ALREADY_REDEEMED);
        assertThat(again.value().familyId()).isEqualTo("f1");
        assertThat(stores.tokens().fetchByRefreshToken(token.refreshTokenDigest())).isEmpty();
        // the access token issued with it stays valid until it expires
        assertThat(stores.tokens().fetchByToken(token.tokenDigest())).contains(token);
    }

    @Test
    @DisplayName("R14 concurrent redemption: every code is redeemed by exactly one of many threads")
    void concurrentCodeRedemption() throws Exception {
        List<AuthorizationCode> codes = new ArrayList<>();
        for (int i = 0; i < raceItems(); i++) {
            AuthorizationCode c = code();
            stores.codes().saveCode(c);
            codes.add(c);
        }
        Map<String, AtomicInteger> wins = race(codes.stream().map(AuthorizationCode::codeDigest).toList(),
                digest -> stores.codes().redeemCode(digest).outcome());
        assertThat(wins).hasSize(raceItems());
        assertThat(wins.values()).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
    }

    @Test
    @DisplayName("R26 concurrent refresh: every refresh token is retired by exactly one of many threads")
    void concurrentRefreshRedemption() throws Exception {
        List<AccessToken> tokens = new ArrayList<>();
        for (int i = 0; i < raceItems(); i++) {
            AccessToken t = token("family-" + i, true);
            stores.tokens().saveToken(t);
            tokens.add(t);
        }
        Map<String, AtomicInteger> wins = race(tokens.stream().map(AccessToken::refreshTokenDigest).toList(),
                digest -> stores.tokens().redeemRefreshToken(digest).outcome());
        assertThat(wins).hasSize(raceItems());
        assertThat(wins.values()).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
    }

    private Map<String, AtomicInteger> race(List<String> digests,
            java.util.function.Function<String, Redemption.Outcome> redeem) throws Exception {
        return Races.race(digests, List.of(redeem), threads());
    }

    @Test
    @DisplayName("R15 revoking a family hides every token of it, spares other families, and catches later saves")
    void familyRevocation() {
        AccessToken a = token("family-a", true);
        AccessToken b = token("family-a", true);
        AccessToken other = token("family-b", true);
        stores.tokens().saveToken(a);
        stores.tokens().saveToken(b);
        stores.tokens().saveToken(other);
        stores.tokens().revokeFamily("family-a", clock.instant().plus(Duration.ofDays(30)));
        for (AccessToken t : List.of(a, b)) {
            assertThat(stores.tokens().fetchByToken(t.tokenDigest())).isEmpty();
            assertThat(stores.tokens().fetchByRefreshToken(t.refreshTokenDigest())).isEmpty();
            assertThat(stores.tokens().redeemRefreshToken(t.refreshTokenDigest()).outcome())
                    .isEqualTo(Redemption.Outcome.NOT_FOUND);
        }
        assertThat(stores.tokens().fetchByToken(other.tokenDigest())).contains(other);
        assertThat(stores.tokens().fetchByRefreshToken(other.refreshTokenDigest())).contains(other);
        AccessToken late = token("family-a", true);
        stores.tokens().saveToken(late);
        assertThat(stores.tokens().fetchByToken(late.tokenDigest())).isEmpty();
    }

    @Test
    @DisplayName("R32 deleting an access token removes that token only")
    void deleteToken() {
        AccessToken a = token("family-a", false);
        AccessToken b = token("family-a", false);
        stores.tokens().saveToken(a);
        stores.tokens().saveToken(b);
        stores.tokens().deleteToken(a.tokenDigest());
        stores.tokens().deleteToken(Sha256.of("never issued"));
        assertThat(stores.tokens().fetchByToken(a.tokenDigest())).isEmpty();
        assertThat(stores.tokens().fetchByToken(b.tokenDigest())).contains(b);
    }

    @Test
    @DisplayName("R29 stored records hold digests: values survive a round trip and no plain value was ever given")
    void recordsHoldDigestsOnly() {
        AccessToken token = token("f1", true);
        stores.tokens().saveToken(token);
        String dump = stores.rawDump().get();
        assertThat(dump).contains(token.tokenDigest().substring(0, 20));
    }
}
