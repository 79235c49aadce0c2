package org.oauth2kit.error;

/**
 * Thrown by a {@link org.oauth2kit.web.SiteAdapter} when the user is not (yet) authenticated or
 * has not yet consented. At the authorization endpoint the Provider then asks the SiteAdapter to
 * render its page; at the token endpoint (password grant) it becomes {@code invalid_grant}.
 */
public class UserNotAuthenticated extends OAuthBaseError {
    private static final long serialVersionUID = 1L;

    public UserNotAuthenticated() {
        super(ErrorCode.ACCESS_DENIED, "user not authenticated");
    }

    public UserNotAuthenticated(String explanation) {
        super(ErrorCode.ACCESS_DENIED, explanation);
    }
}
