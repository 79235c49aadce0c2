package org.oauth2kit.error;

/** Indicates an error during recognition of a client (`invalid_client`, `unauthorized_client`). */
public class OAuthClientError extends OAuthBaseError {
    private static final long serialVersionUID = 1L;

    public OAuthClientError(ErrorCode error, String explanation) {
        super(error, explanation);
    }

    public OAuthClientError(ErrorCode error, String explanation, String errorUri) {
        super(error, explanation, errorUri);
    }
}
