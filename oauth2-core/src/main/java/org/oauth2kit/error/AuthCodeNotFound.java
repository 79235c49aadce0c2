package org.oauth2kit.error;

/** An authorization code that no store knows; answered as {@code invalid_grant}. */
public class AuthCodeNotFound extends OAuthInvalidError {
    private static final long serialVersionUID = 1L;

    public AuthCodeNotFound() {
        super(ErrorCode.INVALID_GRANT, "authorization code is invalid, expired or already used");
    }
}
