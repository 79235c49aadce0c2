package org.oauth2kit.store.mongodb;

import static com.mongodb.client.model.Filters.eq;
import static org.oauth2kit.store.mongodb.Documents.REMOVE_AT;
import static org.oauth2kit.store.mongodb.Documents.date;
import static org.oauth2kit.store.mongodb.Documents.instant;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.Redemption;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * Authorization codes in one MongoDB collection, one document per code with the code's digest as
 * {@code _id} (R29) and {@code redeemed: false} until {@link #redeemCode} flips it with one
 * {@code findOneAndUpdate} that returns the document as it was before, so exactly one caller ever
 * sees it unredeemed (R14). A redeemed code stays until it would have expired, so a second
 * redemption is recognised (R15); then the TTL index on {@code removeAt} lets MongoDB delete it.
 * Expiry itself is checked by the core (R30). Thread-safe.
 */
public final class MongoAuthCodeStore implements AuthCodeStore {
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoCollection<Document> collection;
    private final IndexSetup indexes;

    public MongoAuthCodeStore(MongoCollection<Document> collection) {
        this.collection = Objects.requireNonNull(collection, "collection");
        this.indexes = new IndexSetup(collection, List.of(new IndexModel(Indexes.ascending(REMOVE_AT),
                new IndexOptions().name("removeAt_ttl").expireAfter(0L, TimeUnit.SECONDS))));
    }

    /** Creates the TTL index now; otherwise the first operation does. Idempotent. */
    public void createIndexes() {
        indexes.ensure();
    }

    @Override
    public void saveCode(AuthorizationCode code) {
        Objects.requireNonNull(code, "code");
        indexes.ensure();
        Document doc = new Document("_id", code.codeDigest())
                .append("clientId", code.clientId())
                .append("redirectUri", code.redirectUri())
                .append("scopes", code.scopes())
                .append("data", Documents.pairs(code.data()))
                .append("codeChallenge", code.codeChallenge())
                .append("codeChallengeMethod", code.codeChallengeMethod())
                .append("issuedAt", date(code.issuedAt()))
                .append("expiresAt", date(code.expiresAt()))
                .append("redeemed", false)
                .append(REMOVE_AT, date(code.expiresAt()));
        MongoCalls.run("save code", () -> collection.replaceOne(eq("_id", code.codeDigest()), doc, UPSERT));
    }

    @Override
    public Optional<AuthorizationCode> fetchByCode(String codeDigest) {
        indexes.ensure();
        Document doc = MongoCalls.call("fetch code", () -> collection.find(eq("_id", codeDigest)).first());
        return doc == null || !Boolean.FALSE.equals(doc.getBoolean("redeemed")) ? Optional.empty()
                : Optional.of(fromDocument(doc));
    }

    @Override
    public Redemption<AuthorizationCode> redeemCode(String codeDigest) {
        indexes.ensure();
        // The one atomic step (R14). It returns the document as it was before the update, so the
        // single caller that saw redeemed: false is the winner; everyone else learns in the same
        // round trip that it was used before (R15), with no read-then-write anywhere.
        Document before = MongoCalls.call("redeem code", () -> collection.findOneAndUpdate(
                eq("_id", codeDigest), Updates.set("redeemed", true),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)));
        if (before == null) {
            return Redemption.notFound();
        }
        AuthorizationCode code = fromDocument(before);
        return Boolean.FALSE.equals(before.getBoolean("redeemed")) ? Redemption.redeemed(code)
                : Redemption.alreadyRedeemed(code);
    }

    private static AuthorizationCode fromDocument(Document d) {
        return new AuthorizationCode(d.getString("_id"), d.getString("clientId"), d.getString("redirectUri"),
                Documents.strings(d, "scopes"), Documents.data(d, "data"), d.getString("codeChallenge"),
                d.getString("codeChallengeMethod"), instant(d, "issuedAt"), instant(d, "expiresAt"));
    }
}
