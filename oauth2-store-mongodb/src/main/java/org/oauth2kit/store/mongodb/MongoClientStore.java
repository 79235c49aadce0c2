package org.oauth2kit.store.mongodb;

import static com.mongodb.client.model.Filters.eq;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bson.Document;
import org.oauth2kit.Client;
import org.oauth2kit.store.ClientRegistry;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;

/**
 * Registered clients in one MongoDB collection, one document per client with the client id as
 * {@code _id}; clients configured in code and clients written by dynamic registration alike. A
 * document holds the SHA-256 digest of the client's secret, never the secret (R3):
 * <pre>{@code
 * {_id: "abc", secretDigest: "…", redirectUris: [...], grantTypes: [...], responseTypes: [...],
 *  metadata: [{k: "client_name", v: "…"}, ...]}
 * }</pre>
 * A public client's {@code secretDigest} is null. {@link Client#metadata()} is kept as {@code {k, v}}
 * pairs, as the token store keeps user data: its names are any text, and a field name may hold no
 * {@code .} nor start with {@code $}. A document written before metadata was stored has no
 * {@code metadata} field and reads as a client without metadata. Thread-safe.
 */
public final class MongoClientStore implements ClientRegistry {
    private final MongoCollection<Document> collection;

    public MongoClientStore(MongoCollection<Document> collection) {
        this.collection = Objects.requireNonNull(collection, "collection");
    }

    /**
     * As in the seed: a confidential client (or a public one when {@code clientSecret} is null)
     * allowed every grant its type permits. The secret is hashed before it is stored.
     */
    public Client addClient(String clientId, String clientSecret, List<String> redirectUris) {
        return addClient(Client.builder(clientId).secret(clientSecret).redirectUris(redirectUris).build());
    }

    /**
     * Adds a client built with {@link Client#builder(String)}, or replaces the one with its id: one
     * {@code replaceOne} by {@code _id} with {@code upsert}, so the whole document is swapped at once
     * and no field of the former client is left behind.
     */
    @Override
    public Client addClient(Client client) {
        Objects.requireNonNull(client, "client");
        Document doc = new Document("_id", client.clientId())
                .append("secretDigest", client.secretDigest())
                .append("redirectUris", client.redirectUris())
                .append("grantTypes", List.copyOf(client.grantTypes()))
                .append("responseTypes", List.copyOf(client.responseTypes()))
                .append("metadata", Documents.pairs(client.metadata()));
        MongoCalls.run("save client", () -> collection.replaceOne(eq("_id", client.clientId()), doc,
                new ReplaceOptions().upsert(true)));
        return client;
    }

    /** Removes a client; true when there was one. Its tokens stay valid until they expire. */
    @Override
    public boolean removeClient(String clientId) {
        return MongoCalls.call("remove client", () -> collection.deleteOne(eq("_id", clientId)).getDeletedCount() > 0);
    }

    @Override
    public Optional<Client> fetchByClientId(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        Document d = MongoCalls.call("fetch client", () -> collection.find(eq("_id", clientId)).first());
        // An unknown id decodes a stand-in document, so it takes as long as a known one: the time
        // of an answer must not tell which client ids exist (R2).
        Client client = decode(d == null ? STAND_IN : d);
        return d == null ? Optional.empty() : Optional.of(client);
    }

    private static final Document STAND_IN = new Document("_id", "unknown-client")
            .append("secretDigest", "0000000000000000000000000000000000000000000")
            .append("redirectUris", List.of("https://client.example/callback"))
            .append("grantTypes", List.of("authorization_code", "refresh_token"))
            .append("responseTypes", List.of("code"))
            .append("metadata", List.of(new Document("k", "client_name").append("v", "unknown")));

    private static Client decode(Document d) {
        return Client.builder(d.getString("_id"))
                .secretDigest(d.getString("secretDigest"))
                .redirectUris(Documents.strings(d, "redirectUris"))
                .grantTypes(new LinkedHashSet<>(Documents.strings(d, "grantTypes")))
                .responseTypes(new LinkedHashSet<>(Documents.strings(d, "responseTypes")))
                // absent in documents written before metadata was stored: read as none
                .metadata(Documents.data(d, "metadata"))
                .build();
    }
}
