package org.oauth2kit.store.mongodb;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.OutageContract;
import org.oauth2kit.testkit.Stores;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

/**
 * The MongoDB wire-protocol server stops while traffic flows and starts again on the same port.
 * Always on a server of its own, since it is stopped.
 */
class MongoOutageContractTest extends OutageContract {
    private TestMongo mongo;
    private MongoClient client;

    @Override
    protected Stores createStores(MutableClock clock) {
        mongo = TestMongo.embedded();
        client = mongo.newClient();
        MongoDatabase database = client.getDatabase("outage");
        return TestMongo.stores(database, clock);
    }

    @Override
    protected void stopBackend() {
        mongo.stop();
    }

    @Override
    protected void startBackend() {
        mongo.restart();
    }

    @Override
    protected boolean backendKeepsData() {
        return true;
    }

    @Override
    protected void closeStores() {
        client.close();
        mongo.close();
    }
}
