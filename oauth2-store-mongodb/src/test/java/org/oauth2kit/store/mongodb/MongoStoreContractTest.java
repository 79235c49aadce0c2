package org.oauth2kit.store.mongodb;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.StoreContract;
import org.oauth2kit.testkit.Stores;

import com.mongodb.client.MongoDatabase;

/** The store contract on MongoDB (mongo-java-server, or {@code OAUTH2_TEST_MONGODB_URI}'s server). */
class MongoStoreContractTest extends StoreContract {
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
