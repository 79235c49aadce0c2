package org.oauth2kit.error;

import java.util.Objects;

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
    private final String errorUri;

    public OAuthBaseError(ErrorCode error, String explanation) {
        this(error, explanation, (String) null);
    }

    public OAuthBaseError(ErrorCode error, String explanation, String errorUri) {
        super(explanation, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.errorUri = errorUri;
    }

    /** For errors that wrap a real fault (a store that is down): those keep their cause and trace. */
    protected OAuthBaseError(ErrorCode error, String explanation, Throwable cause) {
        super(explanation, cause);
        this.error = Objects.requireNonNull(error, "error");
        this.errorUri = null;
    }

    public ErrorCode error() {
        return error;
    }

    /** The {@code error_description}; may be null. */
    public String explanation() {
        return getMessage();
    }

    /** The {@code error_uri}; may be null. */
    public String errorUri() {
        return errorUri;
    }
}
