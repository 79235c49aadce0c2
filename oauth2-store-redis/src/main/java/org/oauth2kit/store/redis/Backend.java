package org.oauth2kit.store.redis;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;

/**
 * The one connection a store shares between all its threads (Lettuce connections are thread-safe
 * and pipeline the commands of concurrent callers), to one Redis or to a Redis Cluster.
 *
 * <p>The store tries to open it when it is created; if Redis cannot be reached then, the
 * application still starts, and the connection is opened on first use. While it cannot be opened,
 * callers fail quickly: one of them tries to connect at a time while the others wait for that
 * attempt, and no new attempt is made before {@code retryDelay} has passed. Once open, Lettuce
 * reconnects it by itself after Redis went away (when the client's options have auto-reconnect,
 * the default); a connection whose client does not reconnect is replaced on the next call.
 */
final class Backend implements AutoCloseable {
    private static final Logger LOG = System.getLogger(RedisTokenStore.class.getName());
    /** Keys are UTF-8 text, values the bytes of {@link Records}. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** How a connection is opened, and what the store owns and must shut down. */
    interface Connector {
        Opened open();

        /** Shuts down the client and resources the store created; nothing when they were handed in. */
        void shutdown();

        String describe();
    }

    /** An open connection and its command interface, the same for standalone and cluster. */
    record Opened(StatefulConnection<String, byte[]> connection, RedisClusterAsyncCommands<String, byte[]> commands) {
    }

    private final Connector connector;
    private final Duration retryDelay;
    private final Duration connectWait;
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile Opened current;
    private volatile boolean closed;
    /** System.nanoTime() before which no new connection attempt is made; guarded by {@link #connecting}. */
    private long nextAttempt = System.nanoTime();
    /** Whether the last attempt to connect failed; guarded by {@link #connecting}. */
    private boolean failing;

    /**
     * @param retryDelay  the least time between two failed attempts to open the connection
     * @param connectWait the longest a caller waits for another caller's attempt to open it
     */
    Backend(Connector connector, Duration retryDelay, Duration connectWait) {
        this.connector = connector;
        this.retryDelay = retryDelay;
        this.connectWait = connectWait;
    }

    /** Opens the connection now if Redis can be reached; otherwise the first calls will try again. */
    void tryOpen() {
        try {
            open();
        } catch (RedisUnreachable e) {
            // logged by open(); the store works once Redis is up
        }
    }

    /**
     * The commands of the open connection, opening it when there is none.
     *
     * @throws RedisUnreachable when no connection can be had right now
     */
    RedisClusterAsyncCommands<String, byte[]> commands() {
        Opened opened = current;
        if (opened != null && (opened.connection().isOpen() || reconnectsByItself(opened))) {
            return opened.commands();
        }
        return open();
    }

    private RedisClusterAsyncCommands<String, byte[]> open() {
        if (closed) {
            throw new IllegalStateException("the Redis token store is closed");
        }
        // Another caller may be connecting: wait for its attempt (bounded by the connect timeout),
        // then use its connection or fail as it did.
        try {
            if (!connecting.tryLock(connectWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new RedisUnreachable("still connecting to Redis", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnreachable("interrupted while connecting to Redis", e);
        }
        try {
            Opened opened = current;
            if (opened != null) {
                if (opened.connection().isOpen() || reconnectsByItself(opened)) {
                    return opened.commands();
                }
                current = null;
                opened.connection().closeAsync();
            }
            if (System.nanoTime() - nextAttempt < 0) {
                throw new RedisUnreachable("Redis was unreachable moments ago", null);
            }
            try {
                opened = connector.open();
            } catch (RedisException e) {
                nextAttempt = System.nanoTime() + retryDelay.toNanos();
                // Once per outage: the Provider counts the failed requests itself.
                LOG.log(failing ? Level.DEBUG : Level.WARNING,
                        "cannot connect to Redis at " + connector.describe() + ": " + e.getMessage());
                failing = true;
                throw new RedisUnreachable("cannot connect to Redis", e);
            }
            if (failing) {
                LOG.log(Level.INFO, "connected to Redis at " + connector.describe());
                failing = false;
            }
            if (closed) {
                opened.connection().closeAsync();
                throw new IllegalStateException("the Redis token store is closed");
            }
            current = opened;
            return opened.commands();
        } finally {
            connecting.unlock();
        }
    }

    private static boolean reconnectsByItself(Opened opened) {
        return opened.connection().getOptions().isAutoReconnect();
    }

    @Override
    public void close() {
        closed = true;
        connecting.lock();
        try {
            Opened opened = current;
            current = null;
            if (opened != null) {
                opened.connection().close();
            }
        } catch (RedisException e) {
            LOG.log(Level.DEBUG, "closing the Redis connection: " + e.getMessage());
        } finally {
            connecting.unlock();
            connector.shutdown();
        }
    }

    /** Thrown inside the store when Redis cannot be reached; the store turns it into a StoreUnavailableError. */
    static final class RedisUnreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedisUnreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // ---- connectors ----

    /** One Redis (or a Sentinel-managed one) through a {@link RedisClient}. */
    static Connector standalone(RedisClient client, RedisURI uri, ClientResources owned, Duration shutdownTimeout) {
        return new Connector() {
            @Override
            public Opened open() {
                StatefulRedisConnection<String, byte[]> c = uri == null ? client.connect(CODEC)
                        : client.connect(CODEC, uri);
                return new Opened(c, c.async());
            }

            @Override
            public void shutdown() {
                if (owned != null) {
                    shutdownQuietly(() -> client.shutdown(0, shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS));
                    shutdownResources(owned, shutdownTimeout);
                }
            }

            @Override
            public String describe() {
                return uri == null ? "the client's URI" : hostsOf(uri);
            }
        };
    }

    /** A Redis Cluster through a {@link RedisClusterClient}; commands go to the node owning each key's slot. */
    static Connector cluster(RedisClusterClient client, String seeds, ClientResources owned, Duration shutdownTimeout) {
        return new Connector() {
            @Override
            public Opened open() {
                StatefulRedisClusterConnection<String, byte[]> c = client.connect(CODEC);
                warmUp(c);
                return new Opened(c, c.async());
            }

            @Override
            public void shutdown() {
                if (owned != null) {
                    shutdownQuietly(() -> client.shutdown(0, shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS));
                    shutdownResources(owned, shutdownTimeout);
                }
            }

            @Override
            public String describe() {
                return seeds;
            }
        };
    }

    /**
     * Opens the connection to every master now. Lettuce opens a cluster's node connections on first
     * use, and while one is still being opened a client that rejects commands when disconnected
     * (as the store's does) fails the command instead of waiting; so the first command for each
     * node would fail. Best effort: a node that cannot be reached now is connected on first use.
     */
    private static void warmUp(StatefulRedisClusterConnection<String, byte[]> c) {
        for (RedisClusterNode node : c.getPartitions()) {
            if (node.getSlots().isEmpty() || node.getUri() == null) {
                continue;
            }
            try {
                // by host and port: the key Lettuce routes slot-bound commands with
                c.getConnection(node.getUri().getHost(), node.getUri().getPort());
            } catch (RedisException e) {
                LOG.log(Level.DEBUG, "cannot connect to cluster node " + node.getUri().getHost() + ":"
                        + node.getUri().getPort() + " yet: " + e.getMessage());
            }
        }
    }

    /** Host and port only: a URI may carry a password. */
    static String hostsOf(RedisURI uri) {
        if (uri.getSentinels() != null && !uri.getSentinels().isEmpty()) {
            StringBuilder s = new StringBuilder("sentinels ");
            for (RedisURI sentinel : uri.getSentinels()) {
                s.append(sentinel.getHost()).append(':').append(sentinel.getPort()).append(' ');
            }
            return s.append("master ").append(uri.getSentinelMasterId()).toString();
        }
        return uri.getSocket() != null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort();
    }

    private static void shutdownResources(ClientResources resources, Duration timeout) {
        Future<Boolean> done = resources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            done.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "shutting down the Redis client's threads: " + e);
        }
    }

    private static void shutdownQuietly(Runnable shutdown) {
        try {
            shutdown.run();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "shutting down the Redis client: " + e.getMessage());
        }
    }
}
