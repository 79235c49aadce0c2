package org.oauth2kit.grant;

import java.util.Objects;

import org.oauth2kit.AccessToken;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Engine#issue} made: the plain tokens, for the response only, and the stored record.
 *
 * @param accessToken  the access token as the client receives it
 * @param refreshToken the refresh token, or null when none was issued
 * @param stored       the record the store holds (digests only)
 * @param expiresIn    the access token's lifetime in seconds
 */
public record IssuedTokens(String accessToken, @Nullable String refreshToken, AccessToken stored, long expiresIn) {
    public IssuedTokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(stored, "stored");
    }

    /** The same tokens with another refresh token (e.g. the one presented, when rotation is off). */
    public IssuedTokens withRefreshToken(@Nullable String refreshToken) {
        return new IssuedTokens(accessToken, refreshToken, stored, expiresIn);
    }
}
