package org.oauth2kit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.oauth2kit.internal.Digests;
import org.oauth2kit.internal.JsonReader;
import org.oauth2kit.oidc.OpenIdConnect;
import org.oauth2kit.oidc.SigningKey;

/**
 * Checks a JWT access token (RFC 9068 §4) by itself: {@code typ} {@code at+jwt}, a published key
 * ({@code kid}) of the header's algorithm, its signature, {@code iss}, {@code aud} and {@code exp}.
 * Anything else, malformed input included, is simply not a valid token.
 */
final class JwtAccessTokens {
    private JwtAccessTokens() {
    }

    static Optional<AccessToken> verify(String token, OpenIdConnect oidc, Config config) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            Map<String, Object> header = JsonReader.object(new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
            Object typ = header.get("typ");
            if (!"at+jwt".equals(typ) && !"application/at+jwt".equals(typ)) {
                return Optional.empty();
            }
            Optional<SigningKey> key = header.get("kid") instanceof String kid ? oidc.keys().find(kid) : Optional.empty();
            if (key.isEmpty() || !key.get().alg().equals(header.get("alg"))
                    || !key.get().verifies(parts[0] + "." + parts[1], b64.decode(parts[2]))) {
                return Optional.empty();
            }
            Map<String, Object> claims = JsonReader.object(new String(b64.decode(parts[1]), StandardCharsets.UTF_8));
            Instant now = config.clock().instant();
            if (!config.issuer().equals(claims.get("iss")) || !audience(claims.get("aud"), oidc.jwtAudience())
                    || !(claims.get("exp") instanceof Long exp) || !now.isBefore(Instant.ofEpochSecond(exp))
                    || !(claims.get("client_id") instanceof String clientId)
                    || !(claims.get("sub") instanceof String subject)) {
                return Optional.empty();
            }
            long iat = claims.get("iat") instanceof Long i ? i : now.getEpochSecond();
            List<String> scopes = claims.get("scope") instanceof String s && !s.isBlank()
                    ? List.of(s.trim().split(" +")) : List.of();
            String jti = claims.get("jti") instanceof String j ? j : Digests.sha256(token);
            Map<String, String> data = new java.util.HashMap<>();
            if (!subject.equals(clientId)) {
                data.put("sub", subject);
            }
            if (claims.get("aud") instanceof List<?> aud) {
                List<String> resources = aud.stream().filter(a -> a instanceof String s && !s.equals(oidc.jwtAudience()))
                        .map(String.class::cast).toList();
                if (!resources.isEmpty()) {
                    data.put(AccessToken.AUDIENCE, String.join(" ", resources));
                }
            }
            if (claims.get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt) {
                data.put(AccessToken.CONFIRMATION_JKT, jkt);
            }
            return Optional.of(new AccessToken(Digests.sha256(token), clientId, "urn:ietf:params:oauth:token-type:jwt",
                    data, scopes, Instant.ofEpochSecond(iat), Instant.ofEpochSecond(exp), null, null, jti));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // bad base64 or JSON: not a token of ours
        }
    }

    private static boolean audience(Object aud, String expected) {
        return expected.equals(aud) || aud instanceof List<?> list && list.contains(expected);
    }
}
