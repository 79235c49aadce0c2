package org.oauth2kit.store.redis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.oauth2kit.Client;
import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.store.StoreKeys;

/**
 * Registered clients in Redis, standalone or Redis Cluster, on the connection of a
 * {@link RedisTokenStore}: clients configured in code and clients written by dynamic registration
 * (RFC 7591, RFC 7592) alike.
 *
 * <pre>{@code
 * RedisTokenStore tokens = RedisTokenStore.builder().uri("redis://10.0.0.5:6379").clock(clock).build();
 * RedisClientStore clients = new RedisClientStore(tokens);
 * clients.addClient("abc", "a-long-generated-secret", List.of("https://app.example/callback"));
 * }</pre>
 *
 * <p>Each client is one key, {@code <prefix>:client:<id>} with the id as
 * {@link StoreKeys#part(String)} gives it (a plain id as it is, anything else as {@code ~} and its
 * SHA-256), holding the client as JSON ({@link ClientJson}): the secret's SHA-256 digest, never the
 * secret (R3), and {@link Client#metadata()}. No hash tag is needed: every operation is one
 * command on one key. The key has no expiry: a client lasts until it is removed, and when a
 * registration has a lifetime the core, not Redis, decides that it has ended.
 *
 * <p>Adding is one {@code SET}, which replaces the whole value at once; removing one {@code DEL};
 * fetching one {@code GET}. Timeouts and outages are those of the token store: a Redis that cannot
 * be reached makes a call throw {@link org.oauth2kit.error.StoreUnavailableError}.
 *
 * <p>The store has nothing of its own to close: closing the token store closes the connection both
 * use. Thread-safe.
 */
public final class RedisClientStore implements ClientRegistry {
    private static final String CLIENT = "client";

    private final RedisTokenStore connection;

    /**
     * Clients on the Redis of {@code tokens}, under its key prefix, through its connection and with
     * its command timeout and {@code Retry-After}. A Provider's clients and tokens then share one
     * connection; for clients in another Redis, give this a token store on that one.
     */
    public RedisClientStore(RedisTokenStore tokens) {
        this.connection = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * As in the seed: a confidential client (or a public one when {@code clientSecret} is null)
     * allowed every grant its type permits. The secret is hashed before it is stored.
     */
    public Client addClient(String clientId, String clientSecret, List<String> redirectUris) {
        return addClient(Client.builder(clientId).secret(clientSecret).redirectUris(redirectUris).build());
    }

    /** Adds a client built with {@link Client#builder(String)}, or replaces the one with its id: one {@code SET}. */
    @Override
    public Client addClient(Client client) {
        Objects.requireNonNull(client, "client");
        String operation = "save client";
        RedisTokenStore.requireOk(operation, connection.await(operation,
                connection.commands(operation).set(key(client.clientId()), ClientJson.write(client))));
        return client;
    }

    /** Removes a client; true when there was one. Its tokens stay valid until they expire. */
    @Override
    public boolean removeClient(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        String operation = "remove client";
        Long removed = connection.await(operation, connection.commands(operation).del(key(clientId)));
        return removed != null && removed > 0;
    }

    @Override
    public Optional<Client> fetchByClientId(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        String operation = "fetch client";
        byte[] value = connection.await(operation, connection.commands(operation).get(key(clientId)));
        // An unknown id decodes a stand-in value, so it takes as long as a known one: the time of an
        // answer must not tell which client ids exist (R2).
        Client client = ClientJson.read(value == null ? STAND_IN : value);
        return value == null ? Optional.empty() : Optional.of(client);
    }

    private static final byte[] STAND_IN = ClientJson.write(Client.builder("unknown-client")
            .secretDigest("0000000000000000000000000000000000000000000")
            .redirectUri("https://client.example/callback")
            .metadata("client_name", "unknown")
            .build());

    /** The key of a client: {@code <prefix>:client:<StoreKeys.part(clientId)>}. */
    String key(String clientId) {
        return connection.prefix() + ':' + CLIENT + ':' + StoreKeys.part(clientId);
    }
}
