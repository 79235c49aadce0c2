package org.oauth2kit.store.mongodb;

import com.mongodb.client.MongoDatabase;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.OpenIdContract;
import org.oauth2kit.testkit.Stores;

/** OpenID Connect with codes and tokens in MongoDB: the nonce and auth_time travel through it. */
class MongoOpenIdContractTest extends OpenIdContract {
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
