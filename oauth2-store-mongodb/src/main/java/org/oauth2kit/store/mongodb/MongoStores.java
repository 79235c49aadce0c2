package org.oauth2kit.store.mongodb;

import java.time.Clock;
import java.util.Objects;

import com.mongodb.client.MongoDatabase;

/**
 * The stores on one database: the three in the collections the seed names, {@code access_tokens},
 * {@code auth_codes} and {@code clients}, and the short-lived records of extensions in
 * {@code ephemeral}.
 *
 * <pre>{@code
 * MongoStores stores = MongoStores.create(mongoClient.getDatabase("oauth"));
 * Provider provider = Provider.builder()
 *         .accessTokenStore(stores.tokens())
 *         .authCodeStore(stores.codes())
 *         .clientStore(stores.clients())
 *         .ephemeralStore(stores.ephemeral())
 *         ...
 * }</pre>
 *
 * @param tokens    access and refresh tokens
 * @param codes     authorization codes
 * @param clients   registered clients
 * @param ephemeral short-lived records: device codes, pushed authorization requests, DPoP proofs
 */
public record MongoStores(MongoAccessTokenStore tokens, MongoAuthCodeStore codes, MongoClientStore clients,
        MongoEphemeralStore ephemeral) {
    public static final String ACCESS_TOKENS = "access_tokens";
    public static final String AUTH_CODES = "auth_codes";
    public static final String CLIENTS = "clients";
    public static final String EPHEMERAL = "ephemeral";

    public MongoStores {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(ephemeral, "ephemeral");
    }

    /** The stores on {@code database}; nothing is sent to MongoDB until they are first used. */
    public static MongoStores create(MongoDatabase database) {
        return create(database, Clock.systemUTC());
    }

    /**
     * @param clock the Provider's clock, which decides when a family revocation may be forgotten and
     *              when a short-lived record has expired
     */
    public static MongoStores create(MongoDatabase database, Clock clock) {
        Objects.requireNonNull(database, "database");
        return new MongoStores(new MongoAccessTokenStore(database.getCollection(ACCESS_TOKENS), clock),
                new MongoAuthCodeStore(database.getCollection(AUTH_CODES)),
                new MongoClientStore(database.getCollection(CLIENTS)),
                new MongoEphemeralStore(database.getCollection(EPHEMERAL), clock));
    }

    /** Creates every index now (at application start, say); otherwise the first use of each store does. */
    public void createIndexes() {
        tokens.createIndexes();
        codes.createIndexes();
        ephemeral.createIndexes();
    }
}
