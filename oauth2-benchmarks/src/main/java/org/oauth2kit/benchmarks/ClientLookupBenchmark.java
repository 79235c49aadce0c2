package org.oauth2kit.benchmarks;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.oauth2kit.Client;
import org.oauth2kit.store.mongodb.MongoClientStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Client enumeration by timing (R2) at the store: a lookup of an unknown client id must cost what a
 * lookup of a known one costs, so the time of an answer does not tell which ids exist. The MongoDB
 * client store decodes a stand-in document for an unknown id; this measures both paths over the
 * real driver and a MongoDB wire-protocol server on loopback.
 *
 * <p>{@code java -jar oauth2-benchmarks/target/benchmarks.jar ClientLookupBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClientLookupBenchmark {
    private MongoServer server;
    private MongoClient mongo;
    private MongoClientStore clients;

    @Setup
    public void setUp() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        mongo = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        clients = new MongoClientStore(mongo.getDatabase("bench").getCollection("clients"));
        for (int i = 0; i < 1000; i++) {
            clients.addClient(Client.builder("client-" + i).secret("secret-" + i)
                    .redirectUris(List.of("https://client-" + i + ".example/callback")).build());
        }
    }

    @TearDown
    public void tearDown() {
        mongo.close();
        server.shutdownNow();
    }

    @Benchmark
    public Optional<Client> knownClient() {
        return clients.fetchByClientId("client-500");
    }

    @Benchmark
    public Optional<Client> unknownClient() {
        return clients.fetchByClientId("client-5000");
    }
}
