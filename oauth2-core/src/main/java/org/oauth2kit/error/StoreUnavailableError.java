package org.oauth2kit.error;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a store whose backend is down, slow or unreachable. The Provider answers it with
 * 503 {@code temporarily_unavailable} and a {@code Retry-After} header, and never returns a
 * credential that was not stored (R36).
 */
public class StoreUnavailableError extends OAuthBaseError {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public StoreUnavailableError(String explanation, @Nullable Throwable cause) {
        this(explanation, cause, Duration.ofSeconds(5));
    }

    public StoreUnavailableError(String explanation, @Nullable Throwable cause, Duration retryAfter) {
        super(ErrorCode.TEMPORARILY_UNAVAILABLE, explanation, cause);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long clients should wait before retrying; sent as {@code Retry-After} in seconds. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
