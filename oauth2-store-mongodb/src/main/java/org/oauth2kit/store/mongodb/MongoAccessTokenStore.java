package org.oauth2kit.store.mongodb;

import static com.mongodb.client.model.Filters.eq;
import static org.oauth2kit.store.mongodb.Documents.REMOVE_AT;
import static org.oauth2kit.store.mongodb.Documents.date;
import static org.oauth2kit.store.mongodb.Documents.instant;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.oauth2kit.AccessToken;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.Redemption;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.DeleteManyModel;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

/**
 * Access and refresh tokens in one MongoDB collection, looked up by digest (R29). One stored
 * {@link AccessToken} is kept as up to two documents, each under the digest it is found by:
 * <ul>
 * <li>{@code _id: "access:<access-token digest>"}: found by {@link #fetchByToken}, removed by
 *     {@link #deleteToken}, expired by MongoDB at {@code expiresAt};</li>
 * <li>{@code _id: "refresh:<refresh-token digest>"} with {@code retired: false}: found by
 *     {@link #fetchByRefreshToken}, retired by {@link #redeemRefreshToken} with one
 *     {@code findOneAndUpdate} that sets {@code retired: true} and returns the document as it was
 *     before, so exactly one caller ever sees it unretired (R26), expired at {@code refreshExpiresAt};</li>
 * </ul>
 * plus, per revoked family, a tombstone {@code _id: "revokedFamily:<familyId>"} that every read
 * checks, so tokens of that family saved after the revocation are never returned.
 *
 * <p>Indexes (created before the first operation, or by {@link #createIndexes()}): {@code familyId}
 * for revocation, and a TTL index on {@code removeAt} so MongoDB deletes dead documents. The
 * digests are the unique {@code _id}. Expiry itself is checked by the core on every read (R30); the
 * TTL index only cleans up.
 *
 * <p>Instants are stored as BSON dates, so they come back truncated to milliseconds.
 * Unreachable MongoDB surfaces as {@link org.oauth2kit.error.StoreUnavailableError} within the
 * client's {@code serverSelectionTimeout}. Thread-safe.
 */
public final class MongoAccessTokenStore implements AccessTokenStore {
    private static final String ACCESS = "access:";
    private static final String REFRESH = "refresh:";
    private static final String REVOKED_FAMILY = "revokedFamily:";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoCollection<Document> collection;
    private final Clock clock;
    private final IndexSetup indexes;

    /** Stores tokens in {@code collection}; revocations are remembered by the system clock. */
    public MongoAccessTokenStore(MongoCollection<Document> collection) {
        this(collection, Clock.systemUTC());
    }

    /**
     * Stores tokens in {@code collection}.
     *
     * @param clock decides when a family revocation has been remembered long enough; pass the
     *              Provider's clock
     */
    public MongoAccessTokenStore(MongoCollection<Document> collection, Clock clock) {
        this.collection = Objects.requireNonNull(collection, "collection");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.indexes = new IndexSetup(collection, List.of(
                new IndexModel(Indexes.ascending("familyId"), new IndexOptions().name("familyId")),
                new IndexModel(Indexes.ascending(REMOVE_AT),
                        new IndexOptions().name("removeAt_ttl").expireAfter(0L, TimeUnit.SECONDS))));
    }

    /**
     * Creates the indexes now, e.g. at application start; otherwise the first operation does.
     * Idempotent.
     */
    public void createIndexes() {
        indexes.ensure();
    }

    @Override
    public void saveToken(AccessToken token) {
        Objects.requireNonNull(token, "token");
        indexes.ensure();
        List<WriteModel<Document>> writes = new ArrayList<>(2);
        // Upserts, so a retried save cannot fail on its own first attempt; replacing the refresh
        // document also lets a Provider without rotation re-point a refresh token to its new record.
        writes.add(new ReplaceOneModel<>(eq("_id", ACCESS + token.tokenDigest()),
                toDocument(ACCESS + token.tokenDigest(), token, token.expiresAt()), UPSERT));
        if (token.hasRefreshToken()) {
            writes.add(new ReplaceOneModel<>(eq("_id", REFRESH + token.refreshTokenDigest()),
                    toDocument(REFRESH + token.refreshTokenDigest(), token, token.refreshExpiresAt())
                            .append("retired", false),
                    UPSERT));
        }
        MongoCalls.run("save token", () -> collection.bulkWrite(writes));
    }

    @Override
    public Optional<AccessToken> fetchByToken(String tokenDigest) {
        indexes.ensure();
        Document doc = MongoCalls.call("fetch token",
                () -> collection.find(eq("_id", ACCESS + tokenDigest)).first());
        return live(doc);
    }

    @Override
    public Optional<AccessToken> fetchByRefreshToken(String refreshTokenDigest) {
        indexes.ensure();
        Document doc = MongoCalls.call("fetch refresh token",
                () -> collection.find(eq("_id", REFRESH + refreshTokenDigest)).first());
        return doc == null || !Boolean.FALSE.equals(doc.getBoolean("retired")) ? Optional.empty() : live(doc);
    }

    @Override
    public Redemption<AccessToken> redeemRefreshToken(String refreshTokenDigest) {
        indexes.ensure();
        String id = REFRESH + refreshTokenDigest;
        // A revoked family is looked for before the atomic step, not after it: the winner must stay
        // the winner when a concurrent loser (a replay, R25) revokes the family just after the win.
        // A revocation racing with this call either deletes the document before the update below
        // (which then finds nothing: NOT_FOUND) or comes after the win.
        Document current = MongoCalls.call("fetch refresh token", () -> collection.find(eq("_id", id)).first());
        if (live(current).isEmpty()) {
            return Redemption.notFound();
        }
        // The one atomic step (R26). It returns the document as it was before the update, so the
        // single caller that saw retired: false is the winner; everyone else learns in the same
        // round trip that it was retired before (R25). Nothing is decided by a read.
        Document before = MongoCalls.call("redeem refresh token", () -> collection.findOneAndUpdate(
                eq("_id", id), Updates.set("retired", true),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)));
        if (before == null) {
            return Redemption.notFound();
        }
        AccessToken token = fromDocument(before);
        return Boolean.FALSE.equals(before.getBoolean("retired")) ? Redemption.redeemed(token)
                : Redemption.alreadyRedeemed(token);
    }

    @Override
    public void deleteToken(String tokenDigest) {
        indexes.ensure();
        MongoCalls.run("delete token", () -> collection.deleteOne(eq("_id", ACCESS + tokenDigest)));
    }

    @Override
    public void revokeFamily(String familyId, Instant rememberUntil) {
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(rememberUntil, "rememberUntil");
        indexes.ensure();
        // The tombstone goes first: should the delete fail half-way, reads already refuse the family.
        // $max keeps the longer of two overlapping revocations.
        List<WriteModel<Document>> writes = List.of(
                new UpdateOneModel<>(eq("_id", REVOKED_FAMILY + familyId),
                        Updates.combine(Updates.set("revokedFamily", familyId),
                                Updates.max(REMOVE_AT, date(rememberUntil))),
                        new UpdateOptions().upsert(true)),
                new DeleteManyModel<>(eq("familyId", familyId)));
        MongoCalls.run("revoke family", () -> collection.bulkWrite(writes));
    }

    /** The token in {@code doc}, unless there is none or its family has been revoked. */
    private Optional<AccessToken> live(Document doc) {
        if (doc == null) {
            return Optional.empty();
        }
        AccessToken token = fromDocument(doc);
        // Looked up by _id alone, so every server answers it from the _id index.
        Document tombstone = MongoCalls.call("check family", () -> collection
                .find(eq("_id", REVOKED_FAMILY + token.familyId()))
                .projection(Projections.include(REMOVE_AT))
                .first());
        boolean revoked = tombstone != null && instant(tombstone, REMOVE_AT).isAfter(clock.instant());
        return revoked ? Optional.empty() : Optional.of(token);
    }

    private static Document toDocument(String id, AccessToken t, Instant removeAt) {
        Document doc = new Document("_id", id)
                .append("tokenDigest", t.tokenDigest())
                .append("clientId", t.clientId())
                .append("grantType", t.grantType())
                .append("data", Documents.pairs(t.data()))
                .append("scopes", t.scopes())
                .append("issuedAt", date(t.issuedAt()))
                .append("expiresAt", date(t.expiresAt()));
        if (t.hasRefreshToken()) {
            doc.append("refreshTokenDigest", t.refreshTokenDigest())
                    .append("refreshExpiresAt", date(t.refreshExpiresAt()));
        }
        return doc.append("familyId", t.familyId()).append(REMOVE_AT, date(removeAt));
    }

    private static AccessToken fromDocument(Document d) {
        return new AccessToken(d.getString("tokenDigest"), d.getString("clientId"), d.getString("grantType"),
                Documents.data(d, "data"), Documents.strings(d, "scopes"), instant(d, "issuedAt"),
                instant(d, "expiresAt"), d.getString("refreshTokenDigest"), instant(d, "refreshExpiresAt"),
                d.getString("familyId"));
    }
}
