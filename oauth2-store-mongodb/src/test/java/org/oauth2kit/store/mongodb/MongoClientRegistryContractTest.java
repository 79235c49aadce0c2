package org.oauth2kit.store.mongodb;

import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.testkit.ClientRegistryContract;

import com.mongodb.client.MongoDatabase;

/** The client-registry contract on MongoDB (mongo-java-server, or {@code OAUTH2_TEST_MONGODB_URI}'s server). */
class MongoClientRegistryContractTest extends ClientRegistryContract {
    private MongoDatabase database;

    @Override
    protected ClientRegistry createRegistry() {
        database = TestMongo.shared().newDatabase();
        return MongoStores.create(database).clients();
    }

    @Override
    protected void closeRegistry() {
        database.drop();
    }
}
