package org.oauth2kit.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Root of every error the library raises. Carries the OAuth error code, an optional
 * human-readable explanation (sent as {@code error_description}, so it must never hold a
 * credential) and an optional {@code error_uri}.
 *
 * <p>Protocol errors are expected outcomes, not bugs, so they skip the stack trace: it costs time
 * on every bad request and must never reach a response anyway.
 */
public class OAuthBaseError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode error;
    private final @Nullable String errorUri;
    private final int status;

    public OAuthBaseError(ErrorCode error, @Nullable String explanation) {
        this(error, explanation, (String) null);
    }

    public OAuthBaseError(ErrorCode error, @Nullable String explanation, @Nullable String errorUri) {
        this(error, explanation, errorUri, Objects.requireNonNull(error, "error").httpStatus());
    }

    /**
     * @param status the HTTP status when the error is answered directly (not redirected), e.g. 405
     *               for {@code invalid_request} on a wrong method
     */
    public OAuthBaseError(ErrorCode error, @Nullable String explanation, @Nullable String errorUri, int status) {
        super(explanation, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.errorUri = errorUri;
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
        }
        this.status = status;
    }

    /**
     * For errors that wrap a real fault (a store that is down): those keep their cause and trace.
     * Without a cause the error is a decision (a memory store that is full refuses to grow), not a
     * fault: like the protocol errors it has no stack trace, which would cost more than the refusal
     * itself under the flood that causes it.
     */
    protected OAuthBaseError(ErrorCode error, @Nullable String explanation, @Nullable Throwable cause) {
        super(explanation, cause, true, cause != null);
        this.error = Objects.requireNonNull(error, "error");
        this.errorUri = null;
        this.status = error.httpStatus();
    }

    public ErrorCode error() {
        return error;
    }

    /** The HTTP status of a direct (not redirected) answer; by default the code's. */
    public int status() {
        return status;
    }

    /** The {@code error_description}; may be null. */
    public @Nullable String explanation() {
        return getMessage();
    }

    /** The {@code error_uri}; may be null. */
    public @Nullable String errorUri() {
        return errorUri;
    }
}
