package org.oauth2kit.store.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.store.mongodb.Protocol.field;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Provider;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.web.Response;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

/**
 * Two Provider instances, as two servers behind a load balancer would be: each with its own
 * MongoClient (its own connections) and its own stores, sharing one database.
 */
class SharedDatabaseTest {
    private final MutableClock clock = new MutableClock();
    private MongoClient otherClient;
    private MongoDatabase database;
    private Provider one;
    private Provider two;

    @BeforeEach
    void startTwoProviders() {
        TestMongo mongo = TestMongo.shared();
        database = mongo.newDatabase();
        otherClient = mongo.newClient();
        MongoStores first = MongoStores.create(database, clock);
        MongoStores second = MongoStores.create(otherClient.getDatabase(database.getName()), clock);
        one = ContractFixture.provider(first.tokens(), first.codes(), clock);
        two = ContractFixture.provider(second.tokens(), second.codes(), clock);
    }

    @AfterEach
    void dropDatabase() {
        database.drop();
        otherClient.close();
    }

    @Test
    @DisplayName("a code issued by one instance is redeemed on the other, whose tokens both instances accept")
    void authorizeOnOneRedeemOnOther() {
        String code = Protocol.authorize(one, "s1");
        Response tokens = Protocol.redeem(two, code);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        String access = field(tokens, "access_token");
        assertThat(Protocol.resource(one, access)).isEqualTo(200);
        assertThat(Protocol.resource(two, access)).isEqualTo(200);
    }

    @Test
    @DisplayName("R15 a code redeemed on one instance is refused on the other, and the tokens it bought are revoked on both")
    void secondRedemptionOnOther() {
        String code = Protocol.authorize(one, "s1");
        Response tokens = Protocol.redeem(one, code);
        assertThat(tokens.status()).isEqualTo(200);
        Response again = Protocol.redeem(two, code);
        assertThat(again.status()).isEqualTo(400);
        assertThat(field(again, "error")).isEqualTo("invalid_grant");
        assertThat(Protocol.resource(one, field(tokens, "access_token"))).isEqualTo(401);
        assertThat(Protocol.resource(two, field(tokens, "access_token"))).isEqualTo(401);
        assertThat(Protocol.refresh(one, field(tokens, "refresh_token")).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("R25 refresh tokens rotate across instances; a retired one presented to the other revokes the family")
    void refreshAcrossInstances() {
        Response tokens = Protocol.redeem(two, Protocol.authorize(one, "s1"));
        Response refreshed = Protocol.refresh(one, field(tokens, "refresh_token"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        Response again = Protocol.refresh(two, field(refreshed, "refresh_token"));
        assertThat(again.status()).as(again.body()).isEqualTo(200);

        Response replay = Protocol.refresh(two, field(tokens, "refresh_token"));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(field(replay, "error")).isEqualTo("invalid_grant");
        // the whole family is gone, on both instances
        assertThat(Protocol.resource(one, field(again, "access_token"))).isEqualTo(401);
        assertThat(Protocol.refresh(one, field(again, "refresh_token")).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("R14 one code raced on both instances at once: exactly one request gets tokens")
    void raceOnBothInstances() throws Exception {
        int attempts = 16;
        for (int round = 0; round < 5; round++) {
            String code = Protocol.authorize(one, "race" + round);
            ExecutorService pool = Executors.newFixedThreadPool(attempts);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < attempts; i++) {
                    Provider p = i % 2 == 0 ? one : two;
                    statuses.add(pool.submit(() -> {
                        start.await();
                        return Protocol.redeem(p, code).status();
                    }));
                }
                start.countDown();
                int wins = 0;
                for (Future<Integer> f : statuses) {
                    int status = f.get(60, TimeUnit.SECONDS);
                    assertThat(status).isIn(200, 400);
                    wins += status == 200 ? 1 : 0;
                }
                assertThat(wins).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("R26 one refresh token raced on both instances at once: exactly one request gets new tokens")
    void refreshRaceOnBothInstances() throws Exception {
        int attempts = 16;
        Response tokens = Protocol.redeem(one, Protocol.authorize(one, "s"));
        String refreshToken = field(tokens, "refresh_token");
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                Provider p = i % 2 == 0 ? one : two;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return Protocol.refresh(p, refreshToken).status();
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Integer> f : statuses) {
                wins += f.get(60, TimeUnit.SECONDS) == 200 ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
