package org.oauth2kit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-256 digests of credentials, as stored and compared (R3, R29). */
public final class Digests {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    // MessageDigest.getInstance costs a provider lookup; a per-thread instance avoids it on the hot path.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    });

    private Digests() {
    }

    /** SHA-256 of the UTF-8 bytes, base64url without padding (43 characters). */
    public static String sha256(String value) {
        return B64URL.encodeToString(sha256Bytes(value.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256Bytes(byte[] value) {
        // digest() leaves the instance reset, ready for the next value: no reset() before it
        return SHA256.get().digest(value);
    }

    /** Constant-time comparison of two digests or other secrets (R2). Null never matches. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** A short, non-reversible label for logs (R37): the first 8 characters of the digest. */
    public static String logLabel(String credential) {
        return credential == null ? "-" : sha256(credential).substring(0, 8);
    }
}
