package org.oauth2kit.error;

/**
 * A client id that the {@link org.oauth2kit.store.ClientStore} does not know. A store may throw
 * it or return an empty {@code Optional}; the Provider treats both alike, and answers exactly as
 * it does for a wrong secret (R2), so strangers learn nothing about which ids exist.
 */
public class ClientNotFoundError extends OAuthClientError {
    private static final long serialVersionUID = 1L;

    public ClientNotFoundError() {
        super(ErrorCode.INVALID_CLIENT, "client authentication failed");
    }
}
