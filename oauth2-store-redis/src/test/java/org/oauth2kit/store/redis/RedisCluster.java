package org.oauth2kit.store.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/**
 * A real three-master Redis Cluster for tests, built from three {@link RedisServer} processes in
 * cluster mode: slots split in three ranges, nodes introduced with CLUSTER MEET, ready once every
 * node reports {@code cluster_state:ok}. A script touching keys of two slots fails here with
 * CROSSSLOT, which a single Redis would accept.
 */
final class RedisCluster implements AutoCloseable {
    private static final Duration FORMING = Duration.ofSeconds(30);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisCluster shared;
    private static Exception failure;

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    static RedisCluster start() throws IOException, InterruptedException {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServer.startClusterNode());
            }
            int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
            for (int i = 0; i < 3; i++) {
                RedisServer node = nodes.get(i);
                node.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
                node.command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(ranges[i][0]), Integer.toString(ranges[i][1]));
            }
            for (int i = 1; i < 3; i++) {
                RedisServer node = nodes.get(i);
                nodes.get(0).command("CLUSTER", "MEET", RedisServer.HOST, Integer.toString(node.port()),
                        Integer.toString(node.clusterBusPort()));
            }
            awaitFormed(nodes);
            return new RedisCluster(nodes);
        } catch (IOException | InterruptedException | RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /** One cluster for the tests of this JVM, stopped when the JVM exits; a failure to form it is not retried. */
    static synchronized RedisCluster shared() throws IOException, InterruptedException {
        if (failure != null) {
            throw new IOException("the test cluster could not be started", failure);
        }
        if (shared == null) {
            try {
                RedisCluster cluster = start();
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
                shared = cluster;
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return shared;
    }

    /** Gossip takes a moment: waits until every node knows the others and sees every slot served. */
    private static void awaitFormed(List<RedisServer> nodes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + FORMING.toNanos();
        while (System.nanoTime() < deadline) {
            boolean formed = true;
            for (RedisServer node : nodes) {
                String info = RedisServer.text(node.command("CLUSTER", "INFO"));
                formed &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
            }
            if (formed) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("the test cluster did not form within " + FORMING);
    }

    RedisTokenStore newStore(MutableClock clock) {
        return newStore(clock, newPrefix());
    }

    /** A prefix no other test uses. */
    String newPrefix() {
        return "cluster" + PREFIXES.incrementAndGet();
    }

    /** A store under {@code prefix}: stores under one prefix see the same data, as processes of one server do. */
    RedisTokenStore newStore(MutableClock clock, String prefix) {
        return RedisTokenStore.builder()
                .clusterUris(nodes.stream().map(RedisServer::uri).toArray(String[]::new))
                .prefix(prefix)
                .clock(clock)
                .commandTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The contracts' view: the store as both stores, and what all nodes hold under its prefix, read directly. */
    Stores stores(RedisTokenStore store) {
        return new Stores(store, store, () -> dump(store.prefix() + ":"));
    }

    List<RedisServer> nodes() {
        return nodes;
    }

    /** Every key with this prefix on any node, with its value, one per line, sorted. */
    String dump(String keyPrefix) {
        TreeMap<String, String> lines = new TreeMap<>();
        for (RedisServer node : nodes) {
            node.dump(keyPrefix).lines().forEach(l -> lines.put(l.substring(0, l.indexOf(' ')), l));
        }
        StringBuilder out = new StringBuilder();
        lines.values().forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
