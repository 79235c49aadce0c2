package org.oauth2kit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An issued access token (and its refresh token, if any) as it is stored. It holds digests, never
 * the tokens themselves (R29): the plain values exist only in the response to the client.
 *
 * @param tokenDigest        SHA-256 digest of the access token (base64url)
 * @param clientId           the client it was issued to
 * @param grantType          the grant that issued it, e.g. {@code authorization_code}
 * @param data               what the SiteAdapter returned for the user; empty for client credentials
 * @param scopes             granted scopes
 * @param issuedAt           when it was issued
 * @param expiresAt          when the access token expires
 * @param refreshTokenDigest digest of the refresh token issued with it; null when none
 * @param refreshExpiresAt   when the refresh token expires; null when none
 * @param familyId           the grant this token descends from (an authorization code or the first
 *                           token of a password grant); revoking the family revokes every token in it
 */
public record AccessToken(String tokenDigest, String clientId, String grantType, Map<String, String> data,
        List<String> scopes, Instant issuedAt, Instant expiresAt, @Nullable String refreshTokenDigest,
        @Nullable Instant refreshExpiresAt, String familyId) {

    /**
     * The name under which every adapter's bearer-token protection puts the validated token on the
     * request (a servlet or Micronaut request attribute, a Javalin context attribute, a JAX-RS
     * request property), so resource code reads it the same way everywhere.
     */
    public static final String REQUEST_ATTRIBUTE = "org.oauth2kit.AccessToken";

    /**
     * The {@link #data()} entry naming who acts for the subject (RFC 8693 §4.1, delegation by token
     * exchange); introspection and JWT access tokens show it as {@code "act": {"sub": ...}}.
     */
    public static final String ACTOR_SUBJECT = "act.sub";

    /**
     * The {@link #data()} entry holding the RFC 7638 thumbprint of the DPoP key this token is bound
     * to (RFC 9449 §6); shown as {@code "cnf": {"jkt": ...}}. Set by the token endpoint only.
     */
    public static final String CONFIRMATION_JKT = "cnf.jkt";

    /**
     * The {@link #data()} entry listing, space-separated, the resources the grant was made for
     * (RFC 8707); a refresh may narrow the audience within them, never widen it.
     */
    public static final String RESOURCES = "resource";

    /** The {@link #data()} entry listing, space-separated, this token's audience (RFC 8707): shown as {@code aud}. */
    public static final String AUDIENCE = "aud";

    /** The audience, from {@link #AUDIENCE}; empty when the token has none. */
    public java.util.List<String> audience() {
        String aud = data.get(AUDIENCE);
        return aud == null || aud.isBlank() ? java.util.List.of() : java.util.List.of(aud.trim().split(" +"));
    }

    public AccessToken {
        Objects.requireNonNull(tokenDigest, "tokenDigest");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(grantType, "grantType");
        data = Map.copyOf(data == null ? Map.of() : data);
        scopes = List.copyOf(scopes == null ? List.of() : scopes);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(familyId, "familyId");
        if ((refreshTokenDigest == null) != (refreshExpiresAt == null)) {
            throw new IllegalArgumentException("refreshTokenDigest and refreshExpiresAt go together");
        }
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * Whether the token has expired by {@code clock}; the same answer as
     * {@code isExpired(clock.instant())}. Outside the second in which the token expires, the
     * clock's milliseconds decide, which the system clock tells without making an {@link Instant}
     * (bearer validation, on every protected request, spends a tenth of its time reading the clock
     * otherwise); within that second, the instant does.
     */
    public boolean isExpired(Clock clock) {
        long nowSecond = Math.floorDiv(clock.millis(), 1000L);
        long expirySecond = expiresAt.getEpochSecond();
        if (nowSecond != expirySecond) {
            return nowSecond > expirySecond;
        }
        return isExpired(clock.instant());
    }

    public boolean hasRefreshToken() {
        return refreshTokenDigest != null;
    }

    public boolean isRefreshExpired(Instant now) {
        return refreshExpiresAt == null || !now.isBefore(refreshExpiresAt);
    }

    /** The latest instant at which any part of this record is still usable. */
    public Instant usableUntil() {
        return refreshExpiresAt != null && refreshExpiresAt.isAfter(expiresAt) ? refreshExpiresAt : expiresAt;
    }

    /** The user's id ({@code data.get("sub")}), or null. */
    public @Nullable String subject() {
        return data.get("sub");
    }
}
