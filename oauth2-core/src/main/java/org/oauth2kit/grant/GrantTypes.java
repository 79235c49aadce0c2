package org.oauth2kit.grant;

/** The grant type names of RFC 6749, as used in {@link org.oauth2kit.Client#grantTypes()}. */
public final class GrantTypes {
    public static final String AUTHORIZATION_CODE = "authorization_code";
    /** Not a {@code grant_type} on the wire: the name under which clients are allowed the implicit flow. */
    public static final String IMPLICIT = "implicit";
    public static final String PASSWORD = "password";
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String REFRESH_TOKEN = "refresh_token";

    private GrantTypes() {
    }
}
