package org.oauth2kit.store.mongodb;

import static com.mongodb.client.model.Filters.eq;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bson.Document;
import org.oauth2kit.Client;
import org.oauth2kit.store.ClientStore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;

/**
 * Registered clients in one MongoDB collection, one document per client with the client id as
 * {@code _id}. A document holds the SHA-256 digest of the client's secret, never the secret (R3):
 * <pre>{@code
 * {_id: "abc", secretDigest: "…", redirectUris: [...], grantTypes: [...], responseTypes: [...]}
 * }</pre>
 * A public client has no {@code secretDigest}. Thread-safe.
 */
public final class MongoClientStore implements ClientStore {
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

    /** Adds or replaces a client built with {@link Client#builder(String)}. */
    public Client addClient(Client client) {
        Objects.requireNonNull(client, "client");
        Document doc = new Document("_id", client.clientId())
                .append("secretDigest", client.secretDigest())
                .append("redirectUris", client.redirectUris())
                .append("grantTypes", List.copyOf(client.grantTypes()))
                .append("responseTypes", List.copyOf(client.responseTypes()));
        MongoCalls.run("save client", () -> collection.replaceOne(eq("_id", client.clientId()), doc,
                new ReplaceOptions().upsert(true)));
        return client;
    }

    /** Removes a client; true when there was one. Its tokens stay valid until they expire. */
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
            .append("responseTypes", List.of("code"));

    private static Client decode(Document d) {
        return Client.builder(d.getString("_id"))
                .secretDigest(d.getString("secretDigest"))
                .redirectUris(Documents.strings(d, "redirectUris"))
                .grantTypes(new LinkedHashSet<>(Documents.strings(d, "grantTypes")))
                .responseTypes(new LinkedHashSet<>(Documents.strings(d, "responseTypes")))
                .build();
    }
}
