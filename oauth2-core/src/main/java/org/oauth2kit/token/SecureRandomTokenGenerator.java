package org.oauth2kit.token;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The default generator: 256 bits from {@link SecureRandom}, base64url without padding
 * (43 characters) (R28). Authorization codes always come from this generator, whatever generator
 * is configured for tokens (R13).
 */
public final class SecureRandomTokenGenerator implements TokenGenerator {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;
    private final int bytes;

    /** 32 bytes (256 bits). */
    public SecureRandomTokenGenerator() {
        this(32);
    }

    /** @param bytes number of random bytes, at least 16 (128 bits) */
    public SecureRandomTokenGenerator(int bytes) {
        if (bytes < 16) {
            throw new IllegalArgumentException("at least 16 bytes (128 bits) are required");
        }
        this.bytes = bytes;
        this.random = new SecureRandom();
    }

    @Override
    public String generate() {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return B64URL.encodeToString(buffer);
    }
}
