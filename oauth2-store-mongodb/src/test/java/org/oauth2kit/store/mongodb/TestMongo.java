package org.oauth2kit.store.mongodb;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The MongoDB the tests talk to, always over TCP with the real driver.
 *
 * <p>By default a mongo-java-server (a pure-Java server speaking the MongoDB wire protocol) on a
 * free port of 127.0.0.1. When {@value #URI_VARIABLE} names a MongoDB, e.g.
 * {@code mongodb://localhost:27017}, the tests use that one instead; every test then works in a
 * database of its own, named {@code oauth2kit_test_<run>_<n>}, dropped afterwards.
 */
final class TestMongo implements AutoCloseable {
    static final String URI_VARIABLE = "OAUTH2_TEST_MONGODB_URI";
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestMongo shared;

    private final String uri;
    private final MongoBackend backend;
    private final int port;
    private MongoServer server;
    private final MongoClient client;
    private final List<MongoClient> clients = new CopyOnWriteArrayList<>();

    private TestMongo(String uri, MongoBackend backend, int port) {
        this.backend = backend;
        this.port = port;
        if (backend != null) {
            this.server = start(backend, port);
        }
        this.uri = uri;
        this.client = newClient();
    }

    /** The backend shared by the tests of this JVM: {@value #URI_VARIABLE}'s MongoDB, or one started here. */
    static synchronized TestMongo shared() {
        if (shared == null) {
            String external = System.getenv(URI_VARIABLE);
            shared = external != null && !external.isBlank() ? new TestMongo(external, null, -1) : embedded();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A server of its own that the test may stop and start again on the same port. */
    static TestMongo embedded() {
        int port = freePort();
        return new TestMongo("mongodb://127.0.0.1:" + port, keepOnClose(new MemoryBackend()), port);
    }

    /**
     * A new client with the timeouts an application should set: a server that cannot be reached
     * is reported after 2 s instead of the driver's default 30 s.
     */
    MongoClient newClient() {
        MongoClient c = MongoClients.create(settings(uri));
        clients.add(c);
        return c;
    }

    static MongoClientSettings settings(String uri) {
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(1, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS))
                .build();
    }

    /** A database no other test uses. */
    MongoDatabase newDatabase() {
        return client.getDatabase("oauth2kit_test_" + RUN + "_" + DATABASES.incrementAndGet());
    }

    /** The contracts' view of the stores on {@code database}: tokens, codes and a raw dump. */
    static org.oauth2kit.testkit.Stores stores(MongoDatabase database, org.oauth2kit.testkit.MutableClock clock) {
        MongoStores mongo = MongoStores.create(database, clock);
        return new org.oauth2kit.testkit.Stores(mongo.tokens(), mongo.codes(), () -> dump(database));
    }

    /** Every document of every collection, as JSON: what a copy of the database would reveal. */
    static String dump(MongoDatabase database) {
        StringJoiner all = new StringJoiner("\n");
        for (String name : database.listCollectionNames()) {
            for (Document doc : database.getCollection(name).find()) {
                all.add(name + ": " + doc.toJson());
            }
        }
        return all.toString();
    }

    /** Stops the server as a crash would: open connections are cut, nothing answers on the port. */
    void stop() {
        requireEmbedded();
        server.shutdownNow();
        server = null;
    }

    /** Starts the server again on the same port, with the data it had. */
    void restart() {
        requireEmbedded();
        server = start(backend, port);
    }

    @Override
    public synchronized void close() {
        clients.forEach(MongoClient::close);
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    private void requireEmbedded() {
        if (backend == null) {
            throw new IllegalStateException("only a server started by the tests can be stopped");
        }
    }

    private static MongoServer start(MongoBackend backend, int port) {
        MongoServer s = new MongoServer(backend);
        s.bind("127.0.0.1", port);
        return s;
    }

    /** The backend survives the server's shutdown, as a real server's data files would. */
    private static MongoBackend keepOnClose(MongoBackend backend) {
        return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(),
                new Class<?>[] {MongoBackend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    try {
                        return method.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
