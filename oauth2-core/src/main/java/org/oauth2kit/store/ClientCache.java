package org.oauth2kit.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.oauth2kit.Client;

/**
 * Remembers the clients a store returned, for a short while, so that a token request on a
 * networked store costs one round trip (the token) instead of two (the client, then the token).
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.create(dataSource);
 * Provider.builder().clientStore(ClientCache.of(stores.clients(), Duration.ofSeconds(30)))...
 * }</pre>
 *
 * <p>What it means, stated once:
 * <ul>
 * <li>A client removed or changed <em>through this cache</em> (dynamic registration's PUT and
 *     DELETE on this process, or {@code addClient}/{@code removeClient} on the returned registry)
 *     is seen at once here.</li>
 * <li>A client removed or changed <em>elsewhere</em> (another process of the same server, or
 *     straight in the database) may still be served from here for up to {@code timeToLive}: a
 *     revoked secret keeps working that long on this process. Choose the time to live with that
 *     in mind, or do not cache.</li>
 * <li>Unknown client ids are never remembered: a client registered on another process is known
 *     here at its first request, and nobody can fill the cache with made-up ids.</li>
 * <li>A registration's own end ({@code expires_at}) is checked by the Provider on every request,
 *     cached or not.</li>
 * </ul>
 * At most {@code maxEntries} clients are held; beyond that, an arbitrary one makes room.
 */
public final class ClientCache {
    /** Ten thousand clients, a few megabytes at most. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private ClientCache() {
    }

    /** Caches a read-only client store. */
    public static ClientStore of(ClientStore clients, Duration timeToLive) {
        Entries entries = new Entries(Objects.requireNonNull(clients, "clients"), timeToLive, DEFAULT_MAX_ENTRIES,
                Clock.systemUTC());
        return entries::fetch;
    }

    /**
     * Caches a registry; the result is a registry too, whose writes go to {@code clients} first and
     * then drop this cache's copy, so dynamic registration works through it.
     */
    public static ClientRegistry of(ClientRegistry clients, Duration timeToLive) {
        return of(clients, timeToLive, DEFAULT_MAX_ENTRIES, Clock.systemUTC());
    }

    /** As {@link #of(ClientRegistry, Duration)}, with a size bound and the clock that ages entries. */
    public static ClientRegistry of(ClientRegistry clients, Duration timeToLive, int maxEntries, Clock clock) {
        return new CachedRegistry(clients, new Entries(clients, timeToLive, maxEntries, clock));
    }

    private record Entry(Client client, long loadedAtMillis) {
    }

    private static final class Entries {
        private final ClientStore source;
        private final long timeToLiveMillis;
        private final int maxEntries;
        private final Clock clock;
        private final ConcurrentHashMap<String, Entry> map = new ConcurrentHashMap<>();
        // Bumped by every write through the cache: a lookup that began before a write must not put
        // back what the write has just dropped.
        private final AtomicLong generation = new AtomicLong();

        Entries(ClientStore source, Duration timeToLive, int maxEntries, Clock clock) {
            this.source = source;
            Objects.requireNonNull(timeToLive, "timeToLive");
            if (timeToLive.isNegative() || timeToLive.isZero()) {
                throw new IllegalArgumentException("timeToLive must be positive");
            }
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be positive");
            }
            this.timeToLiveMillis = timeToLive.toMillis();
            this.maxEntries = maxEntries;
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        Optional<Client> fetch(@Nullable String clientId) {
            if (clientId == null) {
                return source.fetchByClientId(null);
            }
            long now = clock.millis();
            Entry entry = map.get(clientId);
            if (entry != null && now - entry.loadedAtMillis() < timeToLiveMillis) {
                return Optional.of(entry.client());
            }
            long before = generation.get();
            Optional<Client> client = source.fetchByClientId(clientId);
            if (client.isEmpty()) {
                map.remove(clientId);
                return client;
            }
            if (map.size() >= maxEntries && !map.containsKey(clientId)) {
                Iterator<String> any = map.keySet().iterator();
                if (any.hasNext()) {
                    map.remove(any.next());
                }
            }
            map.put(clientId, new Entry(client.get(), now));
            if (generation.get() != before) {
                // a write went through meanwhile: what was read may be what it replaced
                map.remove(clientId);
            }
            return client;
        }

        void forget(String clientId) {
            generation.incrementAndGet();
            map.remove(clientId);
        }
    }

    private static final class CachedRegistry implements ClientRegistry {
        private final ClientRegistry registry;
        private final Entries entries;

        CachedRegistry(ClientRegistry registry, Entries entries) {
            this.registry = registry;
            this.entries = entries;
        }

        @Override
        public Optional<Client> fetchByClientId(@Nullable String clientId) {
            return entries.fetch(clientId);
        }

        @Override
        public Client addClient(Client client) {
            try {
                return registry.addClient(client);
            } finally {
                entries.forget(client.clientId());
            }
        }

        @Override
        public boolean removeClient(String clientId) {
            try {
                return registry.removeClient(clientId);
            } finally {
                entries.forget(clientId);
            }
        }
    }
}
