package org.oauth2kit.store.mongodb;

import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;

/**
 * Creates a collection's indexes once. It runs before the first operation rather than in the
 * store's constructor, so an application can start while MongoDB is down and the store begins to
 * work as soon as MongoDB is back (R36). {@code createIndexes} is idempotent, so two threads
 * racing here both succeed.
 */
final class IndexSetup {
    private final MongoCollection<Document> collection;
    private final List<IndexModel> models;
    private volatile boolean created;

    IndexSetup(MongoCollection<Document> collection, List<IndexModel> models) {
        this.collection = collection;
        this.models = List.copyOf(models);
    }

    void ensure() {
        if (!created) {
            MongoCalls.run("create indexes", () -> collection.createIndexes(models));
            created = true;
        }
    }
}
