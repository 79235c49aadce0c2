package org.oauth2kit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An authorization code as it is stored: the digest, never the code (R29), and everything it is
 * bound to (R13).
 *
 * @param codeDigest          SHA-256 digest of the code (base64url)
 * @param clientId            the client it was issued to
 * @param redirectUri         the {@code redirect_uri} sent in the authorization request; null when
 *                            none was sent (then none may be sent with the token request)
 * @param scopes              granted scopes
 * @param data                what the SiteAdapter returned for the user
 * @param codeChallenge       PKCE challenge; null when none was sent
 * @param codeChallengeMethod {@code S256} or {@code plain}; null when no challenge
 * @param issuedAt            when it was issued
 * @param expiresAt           when it expires
 */
public record AuthorizationCode(String codeDigest, String clientId, @Nullable String redirectUri,
        List<String> scopes, Map<String, String> data, @Nullable String codeChallenge,
        @Nullable String codeChallengeMethod, Instant issuedAt, Instant expiresAt) {

    public AuthorizationCode {
        Objects.requireNonNull(codeDigest, "codeDigest");
        Objects.requireNonNull(clientId, "clientId");
        scopes = List.copyOf(scopes == null ? List.of() : scopes);
        data = Map.copyOf(data == null ? Map.of() : data);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if ((codeChallenge == null) != (codeChallengeMethod == null)) {
            throw new IllegalArgumentException("codeChallenge and codeChallengeMethod go together");
        }
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
