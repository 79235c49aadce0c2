package org.oauth2kit.testkit;

import org.junit.jupiter.api.DisplayName;

/** R42: the whole protocol contract on a python-oauth2-style store; an unknown token is a 401, never a 500. */
@DisplayName("R42 a python-oauth2-style store (not-found exceptions) passes the protocol contract")
class SeedStyleProviderContractTest extends ProviderContract {
    @Override
    protected Stores createStores(MutableClock clock) {
        SeedStyleStores store = new SeedStyleStores();
        return new Stores(store, store, store::dump);
    }
}
