package org.oauth2kit.store.mongodb;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.ProviderContract;
import org.oauth2kit.testkit.Stores;

import com.mongodb.client.MongoDatabase;

/** The whole protocol through Provider.dispatch, with tokens and codes in MongoDB. */
class MongoProviderContractTest extends ProviderContract {
    private MongoDatabase database;

    @Override
    protected Stores createStores(MutableClock clock) {
        database = TestMongo.shared().newDatabase();
        return TestMongo.stores(database, clock);
    }

    @Override
    protected void closeStores() {
        database.drop();
    }
}
