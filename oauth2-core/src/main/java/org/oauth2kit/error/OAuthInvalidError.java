package org.oauth2kit.error;

import org.jspecify.annotations.Nullable;

/** Indicates an error during validation of a request (`invalid_request`, `invalid_grant`, `invalid_scope`, ...). */
public class OAuthInvalidError extends OAuthBaseError {
    private static final long serialVersionUID = 1L;

    public OAuthInvalidError(ErrorCode error, @Nullable String explanation) {
        super(error, explanation);
    }

    public OAuthInvalidError(ErrorCode error, @Nullable String explanation, @Nullable String errorUri) {
        super(error, explanation, errorUri);
    }

    /** {@code invalid_request} answered with another status than 400, e.g. 404, 405 or 413. */
    public static OAuthInvalidError invalidRequest(String explanation, int status) {
        return new OAuthInvalidError(explanation, status);
    }

    private OAuthInvalidError(String explanation, int status) {
        super(ErrorCode.INVALID_REQUEST, explanation, null, status);
    }
}
