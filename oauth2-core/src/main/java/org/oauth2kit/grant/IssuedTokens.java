package org.oauth2kit.grant;

import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param parameters   more members of the token response, e.g. {@code id_token}
 */
public record IssuedTokens(String accessToken, @Nullable String refreshToken, AccessToken stored, long expiresIn,
        Map<String, String> parameters) {
    public IssuedTokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(stored, "stored");
        parameters = Map.copyOf(parameters);
    }

    public IssuedTokens(String accessToken, @Nullable String refreshToken, AccessToken stored, long expiresIn) {
        this(accessToken, refreshToken, stored, expiresIn, Map.of());
    }

    /** The same tokens with another refresh token (e.g. the one presented, when rotation is off). */
    public IssuedTokens withRefreshToken(@Nullable String refreshToken) {
        return new IssuedTokens(accessToken, refreshToken, stored, expiresIn, parameters);
    }

    /** The same tokens, the token response carrying one more member (e.g. {@code id_token}). */
    public IssuedTokens withParameter(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(parameters);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new IssuedTokens(accessToken, refreshToken, stored, expiresIn, more);
    }
}
