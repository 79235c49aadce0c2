package org.oauth2kit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Client;
import org.oauth2kit.error.StoreUnavailableError;

class ClientCacheTest {
    /** A registry in a map that counts its reads: what the cache saves is what it does not read. */
    private static final class CountingRegistry implements ClientRegistry {
        final Map<String, Client> clients = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean down;

        @Override
        public Optional<Client> fetchByClientId(String clientId) {
            reads.incrementAndGet();
            if (down) {
                throw new StoreUnavailableError("down", null);
            }
            return Optional.ofNullable(clientId == null ? null : clients.get(clientId));
        }

        @Override
        public Client addClient(Client client) {
            clients.put(client.clientId(), client);
            return client;
        }

        @Override
        public boolean removeClient(String clientId) {
            return clients.remove(clientId) != null;
        }
    }

    private static final class SteppingClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final CountingRegistry backend = new CountingRegistry();
    private final SteppingClock clock = new SteppingClock();
    private final ClientRegistry cache = ClientCache.of(backend, Duration.ofSeconds(30), 3, clock);

    @Test
    @DisplayName("R66 a known client is read from the store once per time to live, then again")
    void remembersForTheTimeToLive() {
        backend.addClient(Client.builder("abc").secret("xyz").build());
        for (int i = 0; i < 5; i++) {
            assertThat(cache.fetchByClientId("abc")).isPresent();
        }
        assertThat(backend.reads).hasValue(1);
        clock.now = clock.now.plusSeconds(29);
        assertThat(cache.fetchByClientId("abc")).isPresent();
        assertThat(backend.reads).hasValue(1);
        clock.now = clock.now.plusSeconds(1);
        assertThat(cache.fetchByClientId("abc")).isPresent();
        assertThat(backend.reads).hasValue(2);
    }

    @Test
    @DisplayName("R66 a change made behind the cache is seen once the time to live has passed, not before")
    void staleForAtMostTheTimeToLive() {
        backend.addClient(Client.builder("abc").secret("xyz").build());
        assertThat(cache.fetchByClientId("abc")).isPresent();
        backend.removeClient("abc"); // another process, or the database itself
        assertThat(cache.fetchByClientId("abc")).isPresent();
        clock.now = clock.now.plusSeconds(30);
        assertThat(cache.fetchByClientId("abc")).isEmpty();
    }

    @Test
    @DisplayName("R66 writes through the cache are seen at once: a replaced secret and a removed client")
    void writesThroughAreSeenAtOnce() {
        cache.addClient(Client.builder("abc").secret("old").build());
        Client first = cache.fetchByClientId("abc").orElseThrow();
        Client replaced = cache.addClient(Client.builder("abc").secret("new").build());
        assertThat(cache.fetchByClientId("abc")).contains(replaced).isNotEqualTo(Optional.of(first));
        assertThat(cache.removeClient("abc")).isTrue();
        assertThat(cache.fetchByClientId("abc")).isEmpty();
    }

    @Test
    @DisplayName("R66 unknown client ids are never remembered: a client registered later is known at its first request")
    void unknownIdsAreNotCached() {
        for (int i = 0; i < 3; i++) {
            assertThat(cache.fetchByClientId("later")).isEmpty();
        }
        assertThat(backend.reads).hasValue(3);
        backend.addClient(Client.builder("later").build());
        assertThat(cache.fetchByClientId("later")).isPresent();
        assertThat(cache.fetchByClientId(null)).isEmpty();
    }

    @Test
    @DisplayName("R66 the cache holds at most its bound, and an outage of the store is not turned into an answer")
    void boundedAndOutagesPassThrough() {
        for (int i = 0; i < 10; i++) {
            backend.addClient(Client.builder("c" + i).build());
            assertThat(cache.fetchByClientId("c" + i)).isPresent();
        }
        backend.down = true;
        int served = 0;
        for (int i = 0; i < 10; i++) {
            try {
                cache.fetchByClientId("c" + i);
                served++;
            } catch (StoreUnavailableError expected) {
                // not cached: the store's answer, an outage, comes through
            }
        }
        assertThat(served).isEqualTo(3);
    }

    @Test
    @DisplayName("R66 a read-only store gets a read-only cache, and nonsense settings are refused")
    void readOnlyAndSettings() {
        ClientStore readOnly = ClientCache.of((ClientStore) backend, Duration.ofSeconds(5));
        assertThat(readOnly).isNotInstanceOf(ClientRegistry.class);
        assertThatThrownBy(() -> ClientCache.of(backend, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientCache.of(backend, Duration.ofSeconds(1), 0, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
