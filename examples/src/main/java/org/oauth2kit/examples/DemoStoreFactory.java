package org.oauth2kit.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import org.oauth2kit.Client;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.store.memcache.MemcacheTokenStore;
import org.oauth2kit.store.mongodb.MongoStores;

/** Makes the stores {@code --store} asks for, holding the demo clients. */
final class DemoStoreFactory {
    private DemoStoreFactory() {
    }

    static DemoStores create(DemoOptions options, PrintStream out) throws Exception {
        List<Client> clients = DemoConfig.clients(options.redirectUris());
        return switch (options.store()) {
            case MEMORY -> DemoStores.memory(clients);
            case MEMCACHE -> memcache(options.memcachedServers(), clients);
            case MONGODB -> mongodb(options.mongodbUri(), clients, out);
            case REDIS -> redis(options.redisUri(), clients);
            case JDBC -> jdbc(options.jdbcUrl(), clients, out);
        };
    }

    /** Tokens, codes, clients and short-lived records in Redis. */
    private static DemoStores redis(String uri, List<Client> clients) {
        org.oauth2kit.store.redis.RedisTokenStore tokens = new org.oauth2kit.store.redis.RedisTokenStore(uri,
                java.time.Clock.systemUTC());
        try {
            tokens.fetchByToken("startup-probe"); // fails fast, with a clear message, when nothing answers
        } catch (StoreUnavailableError e) {
            tokens.close();
            throw new IllegalStateException("Redis at " + uri + " does not answer; start one (e.g. 'redis-server"
                    + " --port 6379') or pass --redis-uri redis://host:port", e);
        }
        // clients in Redis too, so a client registered through one process is known to all
        org.oauth2kit.store.redis.RedisClientStore registry = new org.oauth2kit.store.redis.RedisClientStore(tokens);
        clients.forEach(registry::addClient);
        return new DemoStores(tokens, tokens, registry, tokens, "Redis at " + uri, tokens::close);
    }

    /**
     * Clients, tokens and codes in a SQL database through a small pool; without a URL an embedded
     * H2 database in memory, which the demo says.
     */
    private static DemoStores jdbc(String url, List<Client> clients, PrintStream out) {
        String jdbcUrl = url;
        if (jdbcUrl == null) {
            jdbcUrl = "jdbc:h2:mem:oauth2kit_demo_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
            out.println("No --jdbc-url: using an embedded H2 database in memory; its data is gone when the demo stops.");
        }
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(16);
        config.setConnectionTimeout(3000); // a database that is down answers 503 within seconds
        com.zaxxer.hikari.HikariDataSource pool;
        try {
            pool = new com.zaxxer.hikari.HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the database at " + jdbcUrl + " is not usable: " + e.getMessage(), e);
        }
        org.oauth2kit.store.jdbc.JdbcSchema.migrate(pool);
        org.oauth2kit.store.jdbc.JdbcStores stores = org.oauth2kit.store.jdbc.JdbcStores.create(pool);
        clients.forEach(stores.clients()::addClient);
        String where = url == null ? "an embedded H2 database" : "the database at " + jdbcUrl.replaceAll("password=[^&;]*", "password=***");
        return new DemoStores(stores.tokens(), stores.tokens(), stores.clients(), stores.tokens(), where, pool::close);
    }

    /** Tokens and codes in memcached; memcached keeps no clients, so they stay in memory. */
    private static DemoStores memcache(List<String> servers, List<Client> clients) {
        MemcacheTokenStore tokens = MemcacheTokenStore.builder().servers(servers.toArray(String[]::new)).build();
        try {
            tokens.fetchByToken("startup-probe"); // fails fast, with a clear message, when nothing answers
        } catch (StoreUnavailableError e) {
            tokens.close();
            throw new IllegalStateException("memcached at " + String.join(",", servers)
                    + " does not answer; start one (e.g. 'memcached -p 11211 -l 127.0.0.1') or pass --memcached host:port",
                    e);
        }
        return new DemoStores(tokens, tokens, DemoStores.memoryClients(clients), tokens,
                "memcached at " + String.join(",", servers) + " (clients in memory)", tokens::close);
    }

    /**
     * Tokens, codes and clients in MongoDB, in the database {@code oauth2kit_demo}. Without a URI
     * an in-process server speaking the MongoDB wire protocol (mongo-java-server, in memory) stands
     * in, so the demo runs anywhere; the driver talks to it over TCP as to a real one.
     */
    private static DemoStores mongodb(String uri, List<Client> clients, PrintStream out) {
        MongoServer embedded = null;
        String connection = uri;
        if (connection == null) {
            embedded = new MongoServer(new MemoryBackend());
            embedded.bind("127.0.0.1", 0);
            connection = "mongodb://127.0.0.1:" + embedded.getLocalAddress().getPort();
            out.println("No --mongodb-uri: started an in-process MongoDB wire-protocol server (mongo-java-server,"
                    + " in memory) at " + connection + "; its data is gone when the demo stops.");
        }
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connection))
                // a server that cannot be reached is reported after 3 s, not the driver's default 30 s
                .applyToClusterSettings(b -> b.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(2, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS))
                .build());
        MongoServer server = embedded;
        try {
            MongoStores stores = MongoStores.create(client.getDatabase("oauth2kit_demo"));
            stores.createIndexes();
            clients.forEach(stores.clients()::addClient); // replaces the demo clients if they were there
            String where = server != null ? "MongoDB (in-process mongo-java-server)"
                    : "MongoDB at " + new ConnectionString(connection).getHosts();
            return new DemoStores(stores.tokens(), stores.codes(), stores.clients(), stores.ephemeral(), where, () -> {
                client.close();
                if (server != null) {
                    server.shutdownNow();
                }
            });
        } catch (RuntimeException e) {
            client.close();
            if (server != null) {
                server.shutdownNow();
            }
            throw new IllegalStateException("MongoDB at " + connection + " is not usable: " + e.getMessage(), e);
        }
    }
}
