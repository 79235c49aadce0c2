package org.oauth2kit.error;

/**
 * Thrown by a {@link org.oauth2kit.web.SiteAdapter} when the user is not (yet) authenticated or
 * has not yet consented. At the authorization endpoint the Provider then asks the SiteAdapter to
 * render its page; at the token endpoint (password grant) it becomes {@code invalid_grant}.
 */
public class UserNotAuthenticated extends OAuthBaseError {
    private static final long serialVersionUID = 1L;

    private final boolean signedIn;

    public UserNotAuthenticated() {
        this("user not authenticated", false);
    }

    public UserNotAuthenticated(String explanation) {
        this(explanation, false);
    }

    private UserNotAuthenticated(String explanation, boolean signedIn) {
        super(ErrorCode.ACCESS_DENIED, explanation);
        this.signedIn = signedIn;
    }

    /**
     * The user is signed in but has not allowed this client yet. With OpenID Connect's
     * {@code prompt=none} the client then gets {@code consent_required} instead of
     * {@code login_required}; otherwise it is the same as {@link #UserNotAuthenticated()}.
     */
    public static UserNotAuthenticated signedInWithoutConsent() {
        return new UserNotAuthenticated("consent required", true);
    }

    /** Whether the user is signed in (and only consent is missing). */
    public boolean signedIn() {
        return signedIn;
    }
}
