package org.oauth2kit.store.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.Client;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.testkit.Sha256;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Races;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

/** What the MongoDB stores do beyond the contracts: documents, indexes, clients, ephemeral records, failures. */
class MongoStoresTest {
    private final MutableClock clock = new MutableClock();
    private MongoDatabase database;
    private MongoStores stores;

    @BeforeEach
    void createStores() {
        database = TestMongo.shared().newDatabase();
        stores = MongoStores.create(database, clock);
    }

    @AfterEach
    void dropDatabase() {
        database.drop();
    }

    private AccessToken token(String family) {
        Instant now = clock.instant();
        return new AccessToken(Sha256.of("access " + family + now), "abc", "password", Map.of("sub", "alice"),
                List.of("read"), now, now.plusSeconds(3600), Sha256.of("refresh " + family + now),
                now.plusSeconds(86400), family);
    }

    private AuthorizationCode code() {
        Instant now = clock.instant();
        return new AuthorizationCode(Sha256.of("code" + now), "abc", null, List.of("read"), Map.of("sub", "alice"),
                null, null, now, now.plusSeconds(60));
    }

    private List<Document> documents(String collection) {
        return database.getCollection(collection).find().into(new ArrayList<>());
    }

    private Document document(String collection, String id) {
        return database.getCollection(collection).find(new Document("_id", id)).first();
    }

    @Nested
    @DisplayName("indexes")
    class IndexesCreated {
        @Test
        @DisplayName("R30 the token collection gets a TTL index on removeAt and an index on familyId for revocation")
        void tokenIndexes() {
            stores.createIndexes();
            List<Document> indexes = database.getCollection(MongoStores.ACCESS_TOKENS).listIndexes()
                    .into(new ArrayList<>());
            assertThat(indexes).anySatisfy(i -> {
                assertThat(i.get("key", Document.class)).isEqualTo(new Document(Documents.REMOVE_AT, 1));
                assertThat(((Number) i.get("expireAfterSeconds")).longValue()).isZero();
            });
            assertThat(indexes).anySatisfy(i ->
                    assertThat(i.get("key", Document.class)).isEqualTo(new Document("familyId", 1)));
        }

        @Test
        @DisplayName("R30 the code collection gets a TTL index on removeAt")
        void codeIndexes() {
            stores.codes().saveCode(code());
            List<Document> indexes = database.getCollection(MongoStores.AUTH_CODES).listIndexes()
                    .into(new ArrayList<>());
            assertThat(indexes).anySatisfy(i -> {
                assertThat(i.get("key", Document.class)).isEqualTo(new Document(Documents.REMOVE_AT, 1));
                assertThat(((Number) i.get("expireAfterSeconds")).longValue()).isZero();
            });
        }

        @Test
        @DisplayName("R56 the ephemeral collection gets a TTL index on removeAt")
        void ephemeralIndexes() {
            stores.ephemeral().add("dpop_jti", Sha256.of("jti"), "seen", clock.instant().plusSeconds(60));
            List<Document> indexes = database.getCollection(MongoStores.EPHEMERAL).listIndexes()
                    .into(new ArrayList<>());
            assertThat(indexes).anySatisfy(i -> {
                assertThat(i.get("key", Document.class)).isEqualTo(new Document(Documents.REMOVE_AT, 1));
                assertThat(((Number) i.get("expireAfterSeconds")).longValue()).isZero();
            });
        }

        @Test
        @DisplayName("creating the indexes again, from another store instance, is harmless")
        void idempotent() {
            stores.createIndexes();
            MongoStores.create(database, clock).createIndexes();
            stores.tokens().saveToken(token("f"));
        }
    }

    @Nested
    @DisplayName("documents")
    class StoredDocuments {
        @Test
        @DisplayName("R30 an access token and its refresh token are removed by MongoDB when each expires")
        void tokenDocuments() {
            AccessToken t = token("f1");
            stores.tokens().saveToken(t);
            Document access = document(MongoStores.ACCESS_TOKENS, "access:" + t.tokenDigest());
            Document refresh = document(MongoStores.ACCESS_TOKENS, "refresh:" + t.refreshTokenDigest());
            assertThat(access.getDate("removeAt")).isEqualTo(Date.from(t.expiresAt()));
            assertThat(refresh.getDate("removeAt")).isEqualTo(Date.from(t.refreshExpiresAt()));
            assertThat(refresh.getBoolean("retired")).isFalse();
            assertThat(access.getString("familyId")).isEqualTo("f1");
        }

        @Test
        @DisplayName("R30 a code is removed by MongoDB when it expires, redeemed or not")
        void codeDocument() {
            AuthorizationCode c = code();
            stores.codes().saveCode(c);
            stores.codes().redeemCode(c.codeDigest());
            Document doc = document(MongoStores.AUTH_CODES, c.codeDigest());
            assertThat(doc.getDate("removeAt")).isEqualTo(Date.from(c.expiresAt()));
            assertThat(doc.getBoolean("redeemed")).isTrue();
        }

        @Test
        @DisplayName("R15 revoking a family deletes its documents and leaves one tombstone, kept until rememberUntil")
        void tombstone() {
            stores.tokens().saveToken(token("fam"));
            stores.tokens().saveToken(token("other"));
            Instant until = clock.instant().plus(Duration.ofDays(2));
            stores.tokens().revokeFamily("fam", until);
            stores.tokens().revokeFamily("fam", clock.instant().plus(Duration.ofDays(1)));
            List<Document> docs = documents(MongoStores.ACCESS_TOKENS);
            assertThat(docs).noneMatch(d -> "fam".equals(d.getString("familyId")));
            assertThat(docs).filteredOn(d -> "other".equals(d.getString("familyId"))).hasSize(2);
            Document tombstone = document(MongoStores.ACCESS_TOKENS, "revokedFamily:fam");
            // the longer of two revocations wins
            assertThat(tombstone.getDate("removeAt")).isEqualTo(Date.from(until));
        }

        @Test
        @DisplayName("R25 a revocation is remembered until rememberUntil, then the family's id is free again")
        void revocationForgotten() {
            stores.tokens().revokeFamily("fam", clock.instant().plus(Duration.ofHours(1)));
            AccessToken during = token("fam");
            stores.tokens().saveToken(during);
            assertThat(stores.tokens().fetchByToken(during.tokenDigest())).isEmpty();
            clock.advance(Duration.ofHours(2));
            AccessToken after = token("fam");
            stores.tokens().saveToken(after);
            assertThat(stores.tokens().fetchByToken(after.tokenDigest())).contains(after);
        }

        @Test
        @DisplayName("user data whose keys hold dots or dollars round-trips unchanged")
        void awkwardKeys() {
            Instant now = clock.instant();
            Map<String, String> data = Map.of("https://claims.example/role", "admin", "$where", "x", "sub", "alice");
            AccessToken t = new AccessToken(Sha256.of("awkward"), "abc", "password", data, List.of(), now,
                    now.plusSeconds(60), null, null, "f");
            AuthorizationCode c = new AuthorizationCode(Sha256.of("awkward code"), "abc", null, List.of(), data,
                    null, null, now, now.plusSeconds(60));
            stores.tokens().saveToken(t);
            stores.codes().saveCode(c);
            assertThat(stores.tokens().fetchByToken(t.tokenDigest())).contains(t);
            assertThat(stores.codes().fetchByCode(c.codeDigest())).contains(c);
        }

        @Test
        @DisplayName("R25 without rotation a refresh token re-saved with a new access token points to the newest record")
        void refreshTokenResaved() {
            AccessToken first = token("f");
            stores.tokens().saveToken(first);
            clock.advance(Duration.ofMinutes(5));
            Instant now = clock.instant();
            AccessToken second = new AccessToken(Sha256.of("second"), "abc", "refresh_token", first.data(),
                    first.scopes(), now, now.plusSeconds(3600), first.refreshTokenDigest(), first.refreshExpiresAt(),
                    "f");
            stores.tokens().saveToken(second);
            assertThat(stores.tokens().fetchByRefreshToken(first.refreshTokenDigest())).contains(second);
            assertThat(stores.tokens().fetchByToken(first.tokenDigest())).contains(first);
        }
    }

    @Nested
    @DisplayName("ephemeral records")
    class EphemeralRecords {
        private final String key = Sha256.of("device code");
        private final String id = "device_code:" + key;

        @Test
        @DisplayName("R56 a record is one document: _id of kind and key, the value, removeAt at its expiry")
        void recordDocument() {
            Instant expiresAt = clock.instant().plusSeconds(600);
            stores.ephemeral().add("device_code", key, "pending", expiresAt);
            stores.ephemeral().replace("device_code", key, "pending", "approved");
            assertThat(documents(MongoStores.EPHEMERAL)).containsExactly(new Document("_id", id)
                    .append("value", "approved").append(Documents.REMOVE_AT, Date.from(expiresAt)));
        }

        @Test
        @DisplayName("R56 an expired record MongoDB has not removed yet is absent, and a new add overwrites it in place")
        void expiredDocumentIsReplaced() {
            stores.ephemeral().add("device_code", key, "old", clock.instant().plusSeconds(60));
            clock.advance(Duration.ofSeconds(60)); // the record's expiry, to the instant
            // mongo-java-server does not run TTL deletions, as a real MongoDB may not have yet
            assertThat(document(MongoStores.EPHEMERAL, id)).isNotNull();
            assertThat(stores.ephemeral().get("device_code", key)).isEmpty();
            assertThat(stores.ephemeral().replace("device_code", key, "old", "changed")).isFalse();
            assertThat(stores.ephemeral().take("device_code", key)).isEmpty();

            Instant expiresAt = clock.instant().plusSeconds(60);
            assertThat(stores.ephemeral().add("device_code", key, "new", expiresAt)).isTrue();
            assertThat(stores.ephemeral().add("device_code", key, "newer", expiresAt)).isFalse();
            assertThat(stores.ephemeral().get("device_code", key)).contains("new");
            assertThat(documents(MongoStores.EPHEMERAL)).containsExactly(new Document("_id", id)
                    .append("value", "new").append(Documents.REMOVE_AT, Date.from(expiresAt)));
        }

        @Test
        @DisplayName("R56 race: of many concurrent adds over expired documents, across two clients, exactly one per key succeeds")
        void addRaceOverExpiredDocuments() throws Exception {
            MongoClient otherClient = TestMongo.shared().newClient();
            try {
                MongoEphemeralStore one = stores.ephemeral();
                MongoEphemeralStore two = MongoStores.create(otherClient.getDatabase(database.getName()), clock)
                        .ephemeral();
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String k = Sha256.of("jti " + i);
                    assertThat(one.add("dpop_jti", k, "old", clock.instant().plusSeconds(1))).isTrue();
                    keys.add(k);
                }
                clock.advance(Duration.ofSeconds(1));
                Instant expiresAt = clock.instant().plusSeconds(60);
                Map<String, AtomicInteger> wins = Races.race(keys, List.<Function<String, Redemption.Outcome>>of(
                        k -> one.add("dpop_jti", k, "new", expiresAt) ? Redemption.Outcome.REDEEMED
                                : Redemption.Outcome.NOT_FOUND,
                        k -> two.add("dpop_jti", k, "new", expiresAt) ? Redemption.Outcome.REDEEMED
                                : Redemption.Outcome.NOT_FOUND), 8);
                wins.forEach((k, n) -> assertThat(n.get()).as("adds of " + k).isEqualTo(1));
                for (String k : keys) {
                    assertThat(two.get("dpop_jti", k)).contains("new");
                }
            } finally {
                otherClient.close();
            }
        }

        @Test
        @DisplayName("R56 replace keeps the record's expiry")
        void replaceKeepsExpiry() {
            stores.ephemeral().add("device_code", key, "pending", clock.instant().plusSeconds(60));
            assertThat(stores.ephemeral().replace("device_code", key, "pending", "approved")).isTrue();
            clock.advance(Duration.ofSeconds(60));
            assertThat(stores.ephemeral().get("device_code", key)).isEmpty();
        }
    }

    @Nested
    @DisplayName("clients")
    class Clients {
        @Test
        @DisplayName("R3 a client is stored with its secret's digest, never the secret, and read back equal")
        void secretDigestOnly() {
            String secret = "s3cr3t-" + Sha256.of("client secret");
            Client client = Client.builder("app").secret(secret).redirectUri("https://app.example/cb")
                    .redirectUri("https://app.example/cb2").grantTypes(GrantTypes.AUTHORIZATION_CODE,
                            GrantTypes.REFRESH_TOKEN)
                    .build();
            stores.clients().addClient(client);
            assertThat(stores.clients().fetchByClientId("app")).contains(client);
            String dump = TestMongo.dump(database);
            assertThat(dump).doesNotContain(secret).contains(client.secretDigest());
        }

        @Test
        @DisplayName("R4 a public client round-trips without a secret; unknown and null ids are empty")
        void publicClient() {
            Client pub = stores.clients().addClient("pub", null, List.of("http://localhost/cb"));
            assertThat(stores.clients().fetchByClientId("pub")).contains(pub);
            assertThat(stores.clients().fetchByClientId("pub").orElseThrow().isConfidential()).isFalse();
            assertThat(stores.clients().fetchByClientId("nobody")).isEmpty();
            assertThat(stores.clients().fetchByClientId(null)).isEmpty();
        }

        @Test
        @DisplayName("adding a client again replaces it; removing it makes it unknown")
        void replaceAndRemove() {
            stores.clients().addClient("app", "one", List.of("http://localhost/cb"));
            Client replaced = stores.clients().addClient("app", "two", List.of("http://localhost/other"));
            assertThat(stores.clients().fetchByClientId("app")).contains(replaced);
            assertThat(stores.clients().removeClient("app")).isTrue();
            assertThat(stores.clients().removeClient("app")).isFalse();
            assertThat(stores.clients().fetchByClientId("app")).isEmpty();
        }

        @Test
        @DisplayName("R61 metadata is kept as {k, v} pairs: names with '.' or a leading '$' round-trip")
        void metadataAsPairs() {
            Client client = Client.builder("reg").redirectUri("https://app.example/cb")
                    .metadata("client_name", "Büro \"quoted\"\nline").metadata("a.b", "dotted")
                    .metadata("$where", "dollar").metadata("", "empty name").build();
            stores.clients().addClient(client);
            assertThat(stores.clients().fetchByClientId("reg")).contains(client);
            List<Document> pairs = document(MongoStores.CLIENTS, "reg").getList("metadata", Document.class);
            assertThat(pairs).extracting(p -> p.getString("k"))
                    .containsExactlyInAnyOrder("client_name", "a.b", "$where", "");
        }

        @Test
        @DisplayName("a document written before metadata was stored reads as a client without metadata")
        void documentWithoutMetadata() {
            database.getCollection(MongoStores.CLIENTS).insertOne(new Document("_id", "old")
                    .append("secretDigest", Sha256.of("old secret"))
                    .append("redirectUris", List.of("https://old.example/cb"))
                    .append("grantTypes", List.of("authorization_code"))
                    .append("responseTypes", List.of("code")));
            Client old = stores.clients().fetchByClientId("old").orElseThrow();
            assertThat(old.metadata()).isEmpty();
            assertThat(old.secretDigest()).isEqualTo(Sha256.of("old secret"));
            assertThat(old.redirectUris()).containsExactly("https://old.example/cb");
        }
    }

    @Nested
    @DisplayName("when MongoDB cannot be reached")
    class Unreachable {
        @Test
        @DisplayName("R36 every operation of every store fails with StoreUnavailableError within the server-selection timeout")
        void everyOperation() {
            String uri = "mongodb://127.0.0.1:" + TestMongo.freePort();
            // serverSelectionTimeout bounds how long each operation waits for a server
            MongoClientSettings settings = MongoClientSettings.builder(TestMongo.settings(uri))
                    .applyToClusterSettings(b -> b.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
                    .build();
            try (MongoClient down = MongoClients.create(settings)) {
                MongoStores s = MongoStores.create(down.getDatabase("oauth"), clock);
                AccessToken t = token("f");
                AuthorizationCode c = code();
                List<Consumer<MongoStores>> operations = List.of(
                        x -> x.createIndexes(),
                        x -> x.tokens().saveToken(t),
                        x -> x.tokens().fetchByToken(t.tokenDigest()),
                        x -> x.tokens().fetchByRefreshToken(t.refreshTokenDigest()),
                        x -> x.tokens().redeemRefreshToken(t.refreshTokenDigest()),
                        x -> x.tokens().deleteToken(t.tokenDigest()),
                        x -> x.tokens().revokeFamily("f", clock.instant().plusSeconds(60)),
                        x -> x.codes().saveCode(c),
                        x -> x.codes().fetchByCode(c.codeDigest()),
                        x -> x.codes().redeemCode(c.codeDigest()),
                        x -> x.clients().fetchByClientId("abc"),
                        x -> x.clients().addClient("abc", "xyz", List.of("http://localhost/cb")),
                        x -> x.clients().removeClient("abc"),
                        x -> x.ephemeral().add("par", "k", "v", clock.instant().plusSeconds(60)),
                        x -> x.ephemeral().get("par", "k"),
                        x -> x.ephemeral().replace("par", "k", "v", "w"),
                        x -> x.ephemeral().take("par", "k"));
                for (Consumer<MongoStores> operation : operations) {
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> operation.accept(s))
                            .isInstanceOf(StoreUnavailableError.class)
                            .satisfies(e -> assertThat(((StoreUnavailableError) e).retryAfter()).isPositive());
                    // allow for a slow, busy machine
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                }
            }
        }
    }
}
