package org.oauth2kit.store.mongodb;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.EphemeralStoreContract;
import org.oauth2kit.testkit.MutableClock;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

/**
 * The ephemeral-store contract on MongoDB (mongo-java-server, or {@code OAUTH2_TEST_MONGODB_URI}'s
 * server). The second store has a MongoDB client of its own on the same database, as another
 * process would, so the races run over two clients' connections.
 */
class MongoEphemeralStoreContractTest extends EphemeralStoreContract {
    private MongoDatabase database;
    private MongoClient otherClient;

    @Override
    protected EphemeralStore createStore(MutableClock clock) {
        database = TestMongo.shared().newDatabase();
        return MongoStores.create(database, clock).ephemeral();
    }

    @Override
    protected EphemeralStore createSecondStore(MutableClock clock) {
        otherClient = TestMongo.shared().newClient();
        return MongoStores.create(otherClient.getDatabase(database.getName()), clock).ephemeral();
    }

    @Override
    protected void closeStores() {
        database.drop();
        otherClient.close();
    }
}
