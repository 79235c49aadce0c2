package org.oauth2kit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The token saves a request started without waiting for them ({@link Provider#dispatchAsync}): the
 * answer goes out when all of them are done, and becomes the failure of the first that failed.
 * Used by one request thread at a time.
 */
final class PendingSaves {
    private static final CompletableFuture<Void> NONE = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> all = NONE;

    void add(CompletionStage<Void> save) {
        CompletableFuture<Void> f = save.toCompletableFuture();
        all = all == NONE ? f : CompletableFuture.allOf(all, f);
    }

    CompletableFuture<Void> all() {
        return all;
    }
}
