package org.oauth2kit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.oauth2kit.Client;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.store.jdbc.JdbcSchema.Database;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.Dispatcher;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Sha256;
import org.oauth2kit.web.Response;

/** Registered clients in {@code oauth2_client}, on PostgreSQL and H2. */
class JdbcClientStoreTest {
    private final MutableClock clock = new MutableClock();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R3 a client is stored with its secret's digest, never the secret, and read back equal")
    void addAndFetch(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcClientStore clients = JdbcStores.create(db.dataSource(), clock).clients();
            Client added = clients.addClient("abc", "a-long-generated-secret", List.of("https://app.example/cb",
                    "https://app.example/other"));
            Client pub = clients.addClient(Client.builder("pub").redirectUri("https://app.example/cb").build());

            assertThat(clients.fetchByClientId("abc")).contains(added);
            assertThat(clients.fetchByClientId("abc").orElseThrow().redirectUris())
                    .containsExactly("https://app.example/cb", "https://app.example/other");
            assertThat(clients.fetchByClientId("pub")).contains(pub);
            assertThat(clients.fetchByClientId("pub").orElseThrow().isConfidential()).isFalse();
            String dump = TestDatabases.dump(db.dataSource());
            assertThat(dump).doesNotContain("a-long-generated-secret").contains(Sha256.of("a-long-generated-secret"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("adding a client with a known id replaces it; removing it tells whether there was one; unknown and null ids are empty")
    void replaceAndRemove(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcClientStore clients = JdbcStores.create(db.dataSource(), clock).clients();
            clients.addClient("abc", "one", List.of("https://app.example/cb"));
            Client replaced = clients.addClient(Client.builder("abc").secret("two").redirectUri("https://new.example/cb")
                    .grantTypes(GrantTypes.CLIENT_CREDENTIALS).build());
            assertThat(clients.fetchByClientId("abc")).contains(replaced);
            assertThat(TestDatabases.count(db.dataSource(), "SELECT COUNT(*) FROM oauth2_client")).isEqualTo(1);

            assertThat(clients.removeClient("abc")).isTrue();
            assertThat(clients.removeClient("abc")).isFalse();
            assertThat(clients.fetchByClientId("abc")).isEmpty();
            assertThat(clients.fetchByClientId("never")).isEmpty();
            assertThat(clients.fetchByClientId(null)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R61 metadata is a JSON object in the metadata column, any text round-trips; replacing drops old entries")
    void metadata(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcClientStore clients = JdbcStores.create(db.dataSource(), clock).clients();
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("client_name", "Büro \"Quotes\" \\ 😀\nnext\0line");
            metadata.put("scope", "read write");
            metadata.put("a.b", "'; DROP TABLE oauth2_client");
            Client client = clients.addClient(Client.builder("reg").redirectUri("https://app.example/cb")
                    .metadata(metadata).build());
            assertThat(clients.fetchByClientId("reg")).contains(client);
            assertThat(clients.fetchByClientId("reg").orElseThrow().metadata()).isEqualTo(metadata);
            assertThat(TestDatabases.dump(db.dataSource())).contains("metadata={\"a.b\":");

            Client renamed = clients.addClient(client.toBuilder().metadata(Map.of("client_name", "renamed")).build());
            assertThat(clients.fetchByClientId("reg")).contains(renamed);
            assertThat(clients.fetchByClientId("reg").orElseThrow().metadata()).containsOnlyKeys("client_name");
            Client plain = clients.addClient("plain", "secret", List.of("https://app.example/cb"));
            assertThat(clients.fetchByClientId("plain").orElseThrow().metadata()).isEmpty();
            assertThat(clients.fetchByClientId("plain")).contains(plain);
            assertThat(TestDatabases.count(db.dataSource(),
                    "SELECT COUNT(*) FROM oauth2_client WHERE client_id = 'plain' AND metadata = '{}'")).isOne();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("a row inserted without metadata (an older release during an upgrade) reads as a client without metadata")
    void rowWithoutMetadata(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            TestDatabases.execute(db.dataSource(), "INSERT INTO oauth2_client (client_id, secret_digest, redirect_uris, "
                    + "grant_types, response_types) VALUES ('old', NULL, '[\"https://old.example/cb\"]', "
                    + "'[\"authorization_code\",\"refresh_token\"]', '[\"code\"]')");
            Client old = JdbcStores.create(db.dataSource(), clock).clients().fetchByClientId("old").orElseThrow();
            assertThat(old.metadata()).isEmpty();
            assertThat(old.isConfidential()).isFalse();
            assertThat(old.redirectUris()).containsExactly("https://old.example/cb");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("instances registering the same client at the same moment all succeed, and one row remains")
    void concurrentRegistration(Database database) throws Exception {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcClientStore clients = JdbcStores.create(db.dataSource(), clock).clients();
            int threads = 12;
            for (int round = 0; round < 5; round++) {
                String id = "client-" + round;
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                CountDownLatch start = new CountDownLatch(1);
                try {
                    List<Future<Client>> added = new ArrayList<>();
                    for (int i = 0; i < threads; i++) {
                        String uri = "https://app.example/" + i;
                        added.add(pool.submit(() -> {
                            start.await();
                            return clients.addClient(id, "secret", List.of(uri));
                        }));
                    }
                    start.countDown();
                    List<Client> all = new ArrayList<>();
                    for (Future<Client> f : added) {
                        all.add(f.get(60, TimeUnit.SECONDS));
                    }
                    assertThat(all).contains(clients.fetchByClientId(id).orElseThrow());
                } finally {
                    pool.shutdownNow();
                }
            }
            assertThat(TestDatabases.count(db.dataSource(), "SELECT COUNT(*) FROM oauth2_client")).isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R1 R2 a Provider whose clients, tokens and codes are all in the database serves every flow")
    void providerOnTheDatabase(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcStores stores = JdbcStores.create(db.dataSource(), clock);
            ContractFixture.clientList().forEach(stores.clients()::addClient);
            Dispatcher d = new Dispatcher(ContractFixture.builder(stores.tokens(), stores.tokens(), stores.clients(),
                    clock).build());

            Response tokens = d.codeGrant();
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(d.bearer(Dispatcher.field(tokens, "access_token")).isAuthorized()).isTrue();
            Response refreshed = d.refresh(Dispatcher.field(tokens, "refresh_token"));
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            assertThat(d.token("grant_type", "client_credentials").status()).isEqualTo(200);
            Response wrongSecret = d.tokenAs(ContractFixture.CLIENT_ID, "wrong", "grant_type", "client_credentials");
            Response unknown = d.tokenAs("nobody", "wrong", "grant_type", "client_credentials");
            assertThat(wrongSecret.status()).isEqualTo(401);
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(unknown.body()).isEqualTo(wrongSecret.body());
        }
    }
}
