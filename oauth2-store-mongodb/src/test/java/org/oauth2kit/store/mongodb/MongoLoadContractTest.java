package org.oauth2kit.store.mongodb;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.LoadContract;
import org.oauth2kit.testkit.Stores;

import com.mongodb.client.MongoDatabase;

/** Load without loss with tokens and codes in MongoDB. */
class MongoLoadContractTest extends LoadContract {
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
