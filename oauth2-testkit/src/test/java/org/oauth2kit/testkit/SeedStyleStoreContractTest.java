package org.oauth2kit.testkit;

import org.junit.jupiter.api.DisplayName;

/** R42: a store ported from python-oauth2, which throws for unknown keys, passes the store contract. */
@DisplayName("R42 a python-oauth2-style store (not-found exceptions) passes the store contract")
class SeedStyleStoreContractTest extends StoreContract {
    @Override
    protected Stores createStores(MutableClock clock) {
        SeedStyleStores store = new SeedStyleStores();
        return new Stores(store, store, store::dump);
    }
}
