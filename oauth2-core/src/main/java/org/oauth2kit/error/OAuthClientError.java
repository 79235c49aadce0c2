package org.oauth2kit.error;

import org.jspecify.annotations.Nullable;

/** Indicates an error during recognition of a client (`invalid_client`, `unauthorized_client`). */
public class OAuthClientError extends OAuthBaseError {
    private static final long serialVersionUID = 1L;

    public OAuthClientError(ErrorCode error, @Nullable String explanation) {
        super(error, explanation);
    }

    public OAuthClientError(ErrorCode error, @Nullable String explanation, @Nullable String errorUri) {
        super(error, explanation, errorUri);
    }
}
