package org.oauth2kit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Client;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.store.StoreKeys;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Sha256;

/** What the client store writes into a real Redis, and how it fails. */
class RedisClientStoreTest {
    private final MutableClock clock = new MutableClock();
    private RedisServer shared;
    private RedisTokenStore tokens;
    private RedisClientStore clients;

    @BeforeEach
    void setUp() throws Exception {
        shared = RedisServer.shared();
        tokens = shared.newStore(clock);
        clients = new RedisClientStore(tokens);
    }

    @AfterEach
    void tearDown() {
        tokens.close();
    }

    @Test
    @DisplayName("R3 a client is JSON at <prefix>:client:<id>, with its secret's digest only, and never expires in Redis")
    void keyAndValue() throws Exception {
        Client client = clients.addClient("abc", "a-long-generated-secret", List.of("https://app.example/cb"));
        String key = tokens.prefix() + ":client:abc";
        assertThat(clients.key("abc")).isEqualTo(key);
        assertThat(shared.get(key)).startsWith("{\"client_id\":\"abc\",\"secret_digest\":\"" + client.secretDigest())
                .doesNotContain("a-long-generated-secret");
        assertThat(shared.pttl(key)).isEqualTo(-1);
        assertThat(tokens.dump()).contains(key).contains(Sha256.of("a-long-generated-secret"));
    }

    @Test
    @DisplayName("an id that is no plain key part is keyed by its SHA-256, and read back as it was")
    void oddIds() throws Exception {
        String id = "tenant{7}:client with spaces ✓";
        Client client = clients.addClient(Client.builder(id).redirectUri("https://app.example/cb").build());
        String key = tokens.prefix() + ":client:" + StoreKeys.part(id);
        assertThat(key).doesNotContain("{", "}", " ");
        assertThat(shared.get(key)).isNotNull();
        assertThat(clients.fetchByClientId(id)).contains(client);
        assertThat(clients.removeClient(id)).isTrue();
        assertThat(shared.get(key)).isNull();
    }

    @Test
    @DisplayName("clients and tokens share the prefix and the connection, each under a kind of its own")
    void sharesTheTokenStore() throws Exception {
        clients.addClient("abc", null, List.of("https://app.example/cb"));
        try (RedisTokenStore otherPrefix = shared.newStore(clock);
                RedisTokenStore samePrefix = shared.newStore(clock, tokens.prefix())) {
            assertThat(new RedisClientStore(otherPrefix).fetchByClientId("abc")).isEmpty();
            assertThat(new RedisClientStore(samePrefix).fetchByClientId("abc")).isPresent();
        }
    }

    @Test
    @DisplayName("a value at a client's key that the store did not write is an error, not an unknown client")
    void foreignValue() throws Exception {
        shared.command("SET", clients.key("foreign"), "L1not a client");
        assertThatThrownBy(() -> clients.fetchByClientId("foreign")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unreadable record").hasMessageNotContaining("not a client");
    }

    @Test
    @DisplayName("R36 with Redis down every call fails with StoreUnavailableError; closing the token store closes the clients' connection")
    void unavailable() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            RedisTokenStore store = RedisTokenStore.builder().uri(server.uri()).clock(clock)
                    .commandTimeout(Duration.ofSeconds(5)).build();
            RedisClientStore registry = new RedisClientStore(store);
            try {
                Client client = registry.addClient("abc", "secret", List.of("https://app.example/cb"));
                assertThat(registry.fetchByClientId("abc")).contains(client);
                server.kill();
                assertThatThrownBy(() -> registry.fetchByClientId("abc")).isInstanceOf(StoreUnavailableError.class)
                        .hasMessageContaining("fetch client");
                assertThatThrownBy(() -> registry.addClient(client)).isInstanceOf(StoreUnavailableError.class);
                assertThatThrownBy(() -> registry.removeClient("abc")).isInstanceOf(StoreUnavailableError.class);
            } finally {
                store.close();
            }
            assertThatThrownBy(() -> registry.fetchByClientId("abc")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }
}
