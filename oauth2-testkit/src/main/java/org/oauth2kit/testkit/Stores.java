package org.oauth2kit.testkit;

import java.util.Objects;
import java.util.function.Supplier;

import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;

/**
 * The stores under test, as a store module's contract test supplies them.
 *
 * @param tokens  the access-token store
 * @param codes   the auth-code store (often the same object)
 * @param rawDump everything the backend holds, as text (map contents, memcached values, Mongo
 *                documents): what an attacker with a copy of the backend would see (R29)
 */
public record Stores(AccessTokenStore tokens, AuthCodeStore codes, Supplier<String> rawDump) {
    public Stores {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(rawDump, "rawDump");
    }
}
