package org.oauth2kit.error;

import org.jspecify.annotations.Nullable;

/** Indicates that the user denied authorization (`access_denied`). */
public class OAuthUserError extends OAuthBaseError {
    private static final long serialVersionUID = 1L;

    public OAuthUserError(ErrorCode error, @Nullable String explanation) {
        super(error, explanation);
    }

    public OAuthUserError(ErrorCode error, @Nullable String explanation, @Nullable String errorUri) {
        super(error, explanation, errorUri);
    }
}
