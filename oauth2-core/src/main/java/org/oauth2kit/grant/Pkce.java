package org.oauth2kit.grant;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.internal.Digests;

/** Proof Key for Code Exchange, RFC 7636 (R10). */
final class Pkce {
    static final String S256 = "S256";
    static final String PLAIN = "plain";

    private Pkce() {
    }

    /** RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
    static boolean isValidVerifier(String v) {
        if (v == null || v.length() < 43 || v.length() > 128) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Checks a challenge sent to the authorization endpoint. */
    static void checkChallenge(String challenge, String method) {
        if (!isValidVerifier(challenge)) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "code_challenge must be 43 to 128 unreserved characters");
        }
        if (S256.equals(method) && challenge.length() != 43) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "an S256 code_challenge is 43 base64url characters");
        }
    }

    /** The S256 transform: BASE64URL(SHA256(ASCII(verifier))). */
    static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Digests.sha256Bytes(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    static boolean matches(String verifier, String challenge, String method) {
        String computed = PLAIN.equals(method) ? verifier : s256(verifier);
        return Digests.constantTimeEquals(computed, challenge);
    }
}
