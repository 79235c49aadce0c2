package org.oauth2kit.store.mongodb;

import com.mongodb.client.MongoClient;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.MultiNodeContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** Two server processes, each with its own MongoDB client, on one database. */
class MongoMultiNodeContractTest extends MultiNodeContract {
    private String databaseName;

    @Override
    protected void prepareBackend() {
        databaseName = TestMongo.shared().newDatabase().getName();
    }

    @Override
    protected EphemeralStore createEphemeralStore(MutableClock clock, Stores stores) {
        return MongoStores.create(TestMongo.shared().newClient().getDatabase(databaseName), clock).ephemeral();
    }

    @Override
    protected Stores createStores(MutableClock clock) {
        MongoClient client = TestMongo.shared().newClient();
        return TestMongo.stores(client.getDatabase(databaseName), clock);
    }
}
