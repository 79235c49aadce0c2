package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Client;
import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.store.SeedCompatible;

/**
 * What every {@link ClientRegistry} must do (R61): clients written by dynamic registration are read
 * back whole and equal, replaced by id, and removed. A store module extends it with a few lines.
 */
public abstract class ClientRegistryContract {
    protected ClientRegistry registry;

    /** A registry on a real backend, empty of the ids used below; called before every test. */
    protected abstract ClientRegistry createRegistry() throws Exception;

    protected void closeRegistry() throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        registry = createRegistry();
    }

    @AfterEach
    void close() throws Exception {
        closeRegistry();
    }

    private static String id(String name) {
        return name + "-" + java.util.UUID.randomUUID();
    }

    @Test
    @DisplayName("R61 a registered confidential client is read back equal, metadata of any text included")
    void confidentialRoundTrip() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("client_name", "Büro \"Quotes\" & <tags> 😀\nnext line");
        metadata.put("scope", "read write");
        metadata.put("token_endpoint_auth_method", "client_secret_post");
        metadata.put("client_id_issued_at", "1764547200");
        metadata.put("registration_access_token_digest", Sha256.of("registration token"));
        Client client = Client.builder(id("conf")).secret("s3cret").redirectUri("https://app.example/cb")
                .redirectUri("http://127.0.0.1:8765/callback").grantTypes("authorization_code", "refresh_token",
                        "client_credentials").responseTypes("code").metadata(metadata).build();
        assertThat(registry.addClient(client)).isEqualTo(client);
        Client read = registry.fetchByClientId(client.clientId()).orElseThrow();
        assertThat(read).isEqualTo(client);
        assertThat(read.metadata()).isEqualTo(metadata);
        assertThat(read.redirectUris()).containsExactly("https://app.example/cb", "http://127.0.0.1:8765/callback");
        assertThat(read.isConfidential()).isTrue();
    }

    @Test
    @DisplayName("R61 a public client without metadata is read back equal")
    void publicRoundTrip() {
        Client client = Client.builder(id("pub")).redirectUri("http://localhost:3000/cb").build();
        registry.addClient(client);
        Client read = registry.fetchByClientId(client.clientId()).orElseThrow();
        assertThat(read).isEqualTo(client);
        assertThat(read.isConfidential()).isFalse();
        assertThat(read.metadata()).isEmpty();
    }

    @Test
    @DisplayName("R61 adding a client with a known id replaces it whole; removing it makes it unknown")
    void replaceAndRemove() {
        String id = id("upd");
        registry.addClient(Client.builder(id).secret("one").redirectUri("https://a.example/cb")
                .metadata("client_name", "first").metadata("scope", "read").build());
        Client second = Client.builder(id).secret("two").redirectUri("https://b.example/cb")
                .metadata("client_name", "second").build();
        registry.addClient(second);
        assertThat(registry.fetchByClientId(id)).contains(second);
        assertThat(registry.fetchByClientId(id).orElseThrow().metadata()).doesNotContainKey("scope");
        assertThat(registry.removeClient(id)).isTrue();
        assertThat(registry.fetchByClientId(id)).isEmpty();
        assertThat(registry.removeClient(id)).isFalse();
    }

    @Test
    @DisplayName("R61 unknown and null ids are not found, the seed's way or the Optional way")
    void unknown() {
        assertThat(SeedCompatible.tolerant(registry).fetchByClientId(id("nobody"))).isEmpty();
        assertThat(SeedCompatible.tolerant(registry).fetchByClientId(null)).isEmpty();
    }

    @Test
    @DisplayName("R61 many clients side by side keep their own values")
    void many() {
        List<Client> clients = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(Client.builder(id("many" + i)).secret(i % 2 == 0 ? "secret" + i : null)
                    .redirectUri("https://app" + i + ".example/cb").metadata("client_name", "app " + i).build());
        }
        clients.forEach(registry::addClient);
        for (Client c : clients) {
            assertThat(registry.fetchByClientId(c.clientId())).contains(c);
        }
    }
}
