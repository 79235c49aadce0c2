package org.oauth2kit.error;

/** An access or refresh token that no store knows; answered as {@code invalid_grant}. */
public class AccessTokenNotFound extends OAuthInvalidError {
    private static final long serialVersionUID = 1L;

    public AccessTokenNotFound() {
        super(ErrorCode.INVALID_GRANT, "token is invalid, expired or revoked");
    }
}
