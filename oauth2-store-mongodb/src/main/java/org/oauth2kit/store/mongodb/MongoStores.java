package org.oauth2kit.store.mongodb;

import java.time.Clock;
import java.util.Objects;

import com.mongodb.client.MongoDatabase;

/**
 * The three stores on one database, in the collections the seed names: {@code access_tokens},
 * {@code auth_codes} and {@code clients}.
 *
 * <pre>{@code
 * MongoStores stores = MongoStores.create(mongoClient.getDatabase("oauth"));
 * Provider provider = Provider.builder()
 *         .accessTokenStore(stores.tokens())
 *         .authCodeStore(stores.codes())
 *         .clientStore(stores.clients())
 *         ...
 * }</pre>
 *
 * @param tokens  access and refresh tokens
 * @param codes   authorization codes
 * @param clients registered clients
 */
public record MongoStores(MongoAccessTokenStore tokens, MongoAuthCodeStore codes, MongoClientStore clients) {
    public static final String ACCESS_TOKENS = "access_tokens";
    public static final String AUTH_CODES = "auth_codes";
    public static final String CLIENTS = "clients";

    public MongoStores {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(clients, "clients");
    }

    /** The stores on {@code database}; nothing is sent to MongoDB until they are first used. */
    public static MongoStores create(MongoDatabase database) {
        return create(database, Clock.systemUTC());
    }

    /** @param clock the Provider's clock, which decides when a family revocation may be forgotten */
    public static MongoStores create(MongoDatabase database, Clock clock) {
        Objects.requireNonNull(database, "database");
        return new MongoStores(new MongoAccessTokenStore(database.getCollection(ACCESS_TOKENS), clock),
                new MongoAuthCodeStore(database.getCollection(AUTH_CODES)),
                new MongoClientStore(database.getCollection(CLIENTS)));
    }

    /** Creates every index now (at application start, say); otherwise the first use of each store does. */
    public void createIndexes() {
        tokens.createIndexes();
        codes.createIndexes();
    }
}
