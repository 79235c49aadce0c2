package org.oauth2kit.store.mongodb;

import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.RegistrationContract;
import org.oauth2kit.testkit.Stores;

import com.mongodb.client.MongoDatabase;

/**
 * Dynamic client registration and management through a Provider whose clients, tokens and codes
 * are all in one MongoDB database.
 */
class MongoRegistrationContractTest extends RegistrationContract {
    private MongoDatabase database;

    @Override
    protected Stores createStores(MutableClock clock) {
        database = TestMongo.shared().newDatabase();
        return TestMongo.stores(database, clock);
    }

    @Override
    protected ClientRegistry createRegistry() {
        MongoClientStore clients = MongoStores.create(database).clients();
        ContractFixture.clientList().forEach(clients::addClient);
        return clients;
    }

    @Override
    protected void closeStores() {
        database.drop();
    }
}
