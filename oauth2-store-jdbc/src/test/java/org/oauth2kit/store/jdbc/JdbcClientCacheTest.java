package org.oauth2kit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Client;
import org.oauth2kit.store.ClientCache;
import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.testkit.MutableClock;

/**
 * {@link ClientCache} in front of PostgreSQL as two processes of one server would have it: each
 * with its own cache over the same database (R66).
 */
class JdbcClientCacheTest {
    private final DataSource database = TestDatabases.emptiedContractDatabase();
    private final MutableClock clock = new MutableClock();
    private final ClientRegistry first = ClientCache.of(JdbcStores.create(database).clients(), Duration.ofSeconds(30),
            ClientCache.DEFAULT_MAX_ENTRIES, clock);
    private final ClientRegistry second = ClientCache.of(JdbcStores.create(database).clients(),
            Duration.ofSeconds(30), ClientCache.DEFAULT_MAX_ENTRIES, clock);

    private static String digest(String secret) {
        return Client.builder("any").secret(secret).build().secretDigest();
    }

    @Test
    @DisplayName("R66 on PostgreSQL: a secret replaced on one process works there at once and on the other after the time to live")
    void replacedSecretAcrossProcesses() {
        String id = "cached-" + UUID.randomUUID();
        first.addClient(Client.builder(id).secret("old").build());
        assertThat(second.fetchByClientId(id).orElseThrow().secretDigest()).isEqualTo(digest("old"));

        first.addClient(Client.builder(id).secret("new").build());
        assertThat(first.fetchByClientId(id).orElseThrow().secretDigest()).isEqualTo(digest("new"));
        assertThat(second.fetchByClientId(id).orElseThrow().secretDigest()).isEqualTo(digest("old"));

        clock.advance(Duration.ofSeconds(30));
        Client seen = second.fetchByClientId(id).orElseThrow();
        assertThat(seen.secretDigest()).isEqualTo(digest("new"));
    }

    @Test
    @DisplayName("R66 on PostgreSQL: a client removed on one process is unknown there at once and on the other after the time to live")
    void removedAcrossProcesses() {
        String id = "cached-" + UUID.randomUUID();
        first.addClient(Client.builder(id).build());
        assertThat(second.fetchByClientId(id)).isPresent();
        assertThat(first.removeClient(id)).isTrue();
        assertThat(first.fetchByClientId(id)).isEmpty();
        assertThat(second.fetchByClientId(id)).isPresent();
        clock.advance(Duration.ofSeconds(30));
        assertThat(second.fetchByClientId(id)).isEmpty();
    }

    @Test
    @DisplayName("R66 on PostgreSQL: a client registered on one process is known on the other at its first request")
    void registeredElsewhereIsKnownAtOnce() {
        String id = "cached-" + UUID.randomUUID();
        assertThat(second.fetchByClientId(id)).isEmpty();
        first.addClient(Client.builder(id).build());
        assertThat(second.fetchByClientId(id)).isPresent();
    }
}
