package org.oauth2kit.store.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.store.mongodb.Protocol.field;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Provider;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.web.Response;

import com.mongodb.client.MongoClient;

/**
 * MongoDB stops while the server is in use and starts again on the same port. This test stops and
 * starts the server, so it always runs on a mongo-java-server of its own, even when
 * {@code OAUTH2_TEST_MONGODB_URI} names another MongoDB.
 */
class MongoOutageTest {
    private final TestMongo mongo = TestMongo.embedded();
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void stopServer() {
        mongo.close();
    }

    @Test
    @DisplayName("R36 MongoDB down: 503 with Retry-After within a bounded time; back on the same port: served again by the same stores")
    void stopAndRestart() {
        MongoClient client = mongo.newClient();
        MongoStores stores = MongoStores.create(client.getDatabase("oauth"), clock);
        Provider provider = ContractFixture.provider(stores.tokens(), stores.codes(), clock);
        Response tokens = Protocol.redeem(provider, Protocol.authorize(provider, "before"));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        String access = field(tokens, "access_token");
        String refresh = field(tokens, "refresh_token");

        mongo.stop();

        long start = System.nanoTime();
        Response down = Protocol.clientCredentials(provider);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(down.status()).isEqualTo(503);
        assertThat(Long.parseLong(down.header("Retry-After"))).isPositive();
        assertThat(field(down, "error")).isEqualTo("temporarily_unavailable");
        assertThat(field(down, "access_token")).isNull();
        assertThat(down.body()).doesNotContain("Exception").doesNotContain("at com.mongodb");
        // serverSelectionTimeout is 2 s, and the driver retries a failed write once
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        assertThat(Protocol.resource(provider, access)).isEqualTo(503);
        assertThat(Protocol.refresh(provider, refresh).status()).isEqualTo(503);

        mongo.restart();

        Response again = awaitRecovery(provider);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        // what was stored before the outage is still there, and the outage retired nothing
        assertThat(Protocol.resource(provider, access)).isEqualTo(200);
        Response refreshed = Protocol.refresh(provider, refresh);
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(Protocol.resource(provider, field(refreshed, "access_token"))).isEqualTo(200);
    }

    /** The driver notices the server within its heartbeat; allow it a few attempts. */
    private static Response awaitRecovery(Provider provider) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response r = Protocol.clientCredentials(provider);
        while (r.status() == 503 && System.nanoTime() < deadline) {
            r = Protocol.clientCredentials(provider);
        }
        return r;
    }
}
