package org.oauth2kit.store.mongodb;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.ExtensionsContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

import com.mongodb.client.MongoDatabase;

/** PAR, the device flow, token exchange and DPoP through a Provider on MongoDB, races included. */
class MongoExtensionsContractTest extends ExtensionsContract {
    private MongoDatabase database;

    @Override
    protected Stores createStores(MutableClock clock) {
        database = TestMongo.shared().newDatabase();
        return TestMongo.stores(database, clock);
    }

    @Override
    protected EphemeralStore createEphemeralStore(MutableClock clock) {
        return MongoStores.create(database, clock).ephemeral();
    }

    @Override
    protected void closeStores() {
        database.drop();
    }
}
