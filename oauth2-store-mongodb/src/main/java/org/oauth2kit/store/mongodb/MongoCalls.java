package org.oauth2kit.store.mongodb;

import java.util.function.Supplier;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import org.oauth2kit.error.StoreUnavailableError;

/**
 * Runs a driver call and turns "MongoDB cannot be reached right now" into
 * {@link StoreUnavailableError} (R36), which the Provider answers with 503 and {@code Retry-After}.
 * Every other driver failure (bad credentials, a conflicting index, a bug) is left as it is, so it
 * becomes a 500: retrying would not help.
 */
final class MongoCalls {
    private MongoCalls() {
    }

    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (MongoException e) {
            if (isTemporary(e)) {
                // The message names the operation only: never a digest or a value (R37).
                throw new StoreUnavailableError("MongoDB is unavailable (" + operation + "): "
                        + e.getClass().getSimpleName(), e);
            }
            throw e;
        }
    }

    static void run(String operation, Runnable call) {
        call(operation, () -> {
            call.run();
            return null;
        });
    }

    /**
     * No server selected within {@code serverSelectionTimeout} (the driver's
     * {@link MongoTimeoutException}, also thrown for a {@code timeoutMS} budget spent), a broken or
     * timed-out socket, a primary stepping down, or an error the server labels as retryable.
     */
    static boolean isTemporary(MongoException e) {
        return e instanceof MongoTimeoutException
                || e instanceof MongoSocketException
                || e instanceof MongoServerUnavailableException
                || e instanceof MongoConnectionPoolClearedException
                || e instanceof MongoNotPrimaryException
                || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoExecutionTimeoutException
                || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                || e.hasErrorLabel("RetryableWriteError");
    }
}
