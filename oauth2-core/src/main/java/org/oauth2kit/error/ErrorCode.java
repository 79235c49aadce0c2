package org.oauth2kit.error;

/**
 * The error codes of RFC 6749, RFC 6750, RFC 7009, RFC 8628, RFC 8693 and RFC 9449, each with the HTTP status it is answered
 * with by default when it is not redirected. An error may carry another status
 * ({@link OAuthBaseError#status()}), e.g. {@code invalid_request} with 405 or 413: the code is
 * what the client reads, the status is HTTP's.
 */
public enum ErrorCode {
    INVALID_REQUEST("invalid_request", 400),
    INVALID_CLIENT("invalid_client", 401),
    INVALID_GRANT("invalid_grant", 400),
    UNAUTHORIZED_CLIENT("unauthorized_client", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type", 400),
    UNSUPPORTED_TOKEN_TYPE("unsupported_token_type", 400),
    INVALID_SCOPE("invalid_scope", 400),
    ACCESS_DENIED("access_denied", 403),
    /** OpenID Connect Core §3.1.2.6: {@code prompt=none}, and nobody is signed in. */
    LOGIN_REQUIRED("login_required", 400),
    /** OpenID Connect Core §3.1.2.6: {@code prompt=none}, signed in, but this client was not allowed yet. */
    CONSENT_REQUIRED("consent_required", 400),
    INVALID_TOKEN("invalid_token", 401),
    /** RFC 7591 §3.2.2: a redirect URI of the registration is not acceptable. */
    INVALID_REDIRECT_URI("invalid_redirect_uri", 400),
    /** RFC 7591 §3.2.2: a metadata value of the registration is not acceptable. */
    INVALID_CLIENT_METADATA("invalid_client_metadata", 400),
    /** RFC 8628 §3.5: the user has not yet decided; poll again after the interval. */
    AUTHORIZATION_PENDING("authorization_pending", 400),
    /** RFC 8628 §3.5: polling too fast; the interval grows by five seconds. */
    SLOW_DOWN("slow_down", 400),
    /** RFC 8628 §3.5: the device code expired; start again. */
    EXPIRED_TOKEN("expired_token", 400),
    /** RFC 9449 §5, §7.1: the DPoP proof is missing, malformed, replayed or does not fit the request. */
    INVALID_DPOP_PROOF("invalid_dpop_proof", 400),
    /** RFC 9449 §8: the proof must carry the server's nonce, sent in the {@code DPoP-Nonce} header. */
    USE_DPOP_NONCE("use_dpop_nonce", 400),
    /** RFC 8693 §2.2.2, RFC 8707 §2: the requested audience or resource is unknown or not allowed. */
    INVALID_TARGET("invalid_target", 400),
    INSUFFICIENT_SCOPE("insufficient_scope", 403),
    SERVER_ERROR("server_error", 500),
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The value of the {@code error} member, e.g. {@code invalid_grant}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
