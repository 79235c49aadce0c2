package org.oauth2kit.error;

/** Indicates that the user denied authorization (`access_denied`). */
public class OAuthUserError extends OAuthBaseError {
    private static final long serialVersionUID = 1L;

    public OAuthUserError(ErrorCode error, String explanation) {
        super(error, explanation);
    }

    public OAuthUserError(ErrorCode error, String explanation, String errorUri) {
        super(error, explanation, errorUri);
    }
}
