/**
 * oauth2kit's clients, tokens, codes and short-lived records in MongoDB, through the synchronous
 * Java driver.
 */
module org.oauth2kit.store.mongodb {
    requires transitive org.oauth2kit;
    requires transitive org.mongodb.driver.sync.client;
    requires transitive org.mongodb.driver.core;
    requires transitive org.mongodb.bson;

    exports org.oauth2kit.store.mongodb;
}
