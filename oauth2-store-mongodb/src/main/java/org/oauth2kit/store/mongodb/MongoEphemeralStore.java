package org.oauth2kit.store.mongodb;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;
import static org.oauth2kit.store.mongodb.Documents.REMOVE_AT;
import static org.oauth2kit.store.mongodb.Documents.date;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.oauth2kit.store.EphemeralStore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndDeleteOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

/**
 * Short-lived records (device codes, pushed authorization requests, DPoP {@code jti}s) in one
 * MongoDB collection, one document per record: {@code _id: "<kind>:<key>"} (a kind never holds a
 * colon, so no two records share an {@code _id}), {@code value}, and {@code removeAt}, the record's
 * expiry, on which a TTL index lets MongoDB delete it. A document whose {@code removeAt} has passed,
 * by this store's clock, is treated as absent even while MongoDB still holds it.
 *
 * <p>Every operation is one single-document write or read by {@code _id}, which MongoDB performs
 * atomically, also across any number of clients:
 * <ul>
 * <li>{@link #add}: an upsert filtered on {@code _id} and an expired {@code removeAt}. It overwrites
 *     an expired document in place, or inserts when there is none; when a live document holds the
 *     {@code _id}, the insert fails on the unique {@code _id} index and the add is refused;</li>
 * <li>{@link #replace}: an update filtered on {@code _id}, the expected value and a live
 *     {@code removeAt}, which it leaves as it is;</li>
 * <li>{@link #take}: a {@code findOneAndDelete} of the live document.</li>
 * </ul>
 * Unreachable MongoDB surfaces as {@link org.oauth2kit.error.StoreUnavailableError}. Thread-safe.
 */
public final class MongoEphemeralStore implements EphemeralStore {
    private static final String VALUE = "value";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final FindOneAndDeleteOptions VALUE_ONLY = new FindOneAndDeleteOptions()
            .projection(Projections.include(VALUE));

    private final MongoCollection<Document> collection;
    private final Clock clock;
    private final IndexSetup indexes;

    /** Records in {@code collection}, expired by the system clock. */
    public MongoEphemeralStore(MongoCollection<Document> collection) {
        this(collection, Clock.systemUTC());
    }

    /**
     * Records in {@code collection}.
     *
     * @param clock decides when a record has expired; pass the Provider's clock
     */
    public MongoEphemeralStore(MongoCollection<Document> collection, Clock clock) {
        this.collection = Objects.requireNonNull(collection, "collection");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.indexes = new IndexSetup(collection, List.of(new IndexModel(Indexes.ascending(REMOVE_AT),
                new IndexOptions().name("removeAt_ttl").expireAfter(0L, TimeUnit.SECONDS))));
    }

    /** Creates the TTL index now; otherwise the first operation does. Idempotent. */
    public void createIndexes() {
        indexes.ensure();
    }

    @Override
    public boolean add(String kind, String key, String value, Instant expiresAt) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        String id = id(kind, key);
        indexes.ensure();
        // An expired document must not block a new record, and a live one must win: the filter
        // matches only an expired document, which the update overwrites; otherwise the upsert inserts
        // under the same _id, which the unique _id index refuses while any document holds it.
        Bson expired = and(eq("_id", id), lte(REMOVE_AT, date(clock.instant())));
        Bson record = Updates.combine(Updates.set(VALUE, value), Updates.set(REMOVE_AT, date(expiresAt)));
        return MongoCalls.call("add record", () -> {
            try {
                collection.updateOne(expired, record, UPSERT);
                return true;
            } catch (MongoException e) {
                if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<String> get(String kind, String key) {
        Bson live = live(id(kind, key));
        indexes.ensure();
        Document doc = MongoCalls.call("get record",
                () -> collection.find(live).projection(Projections.include(VALUE)).first());
        return Optional.ofNullable(doc).map(d -> d.getString(VALUE));
    }

    @Override
    public boolean replace(String kind, String key, String expected, String value) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        Bson current = and(live(id(kind, key)), eq(VALUE, expected));
        indexes.ensure();
        // matched, not modified: replacing a value by itself succeeds too
        return MongoCalls.call("replace record",
                () -> collection.updateOne(current, Updates.set(VALUE, value)).getMatchedCount() == 1);
    }

    @Override
    public Optional<String> take(String kind, String key) {
        Bson live = live(id(kind, key));
        indexes.ensure();
        Document doc = MongoCalls.call("take record", () -> collection.findOneAndDelete(live, VALUE_ONLY));
        return Optional.ofNullable(doc).map(d -> d.getString(VALUE));
    }

    private Bson live(String id) {
        return and(eq("_id", id), gt(REMOVE_AT, date(clock.instant())));
    }

    private static String id(String kind, String key) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        return kind + ':' + key;
    }
}
