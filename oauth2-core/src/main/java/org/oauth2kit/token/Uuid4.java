package org.oauth2kit.token;

import java.util.UUID;

/**
 * The seed's generator: a random UUID (122 random bits from {@link java.security.SecureRandom}).
 * Kept for compatibility; below the 128 bits R28 asks for, so prefer
 * {@link SecureRandomTokenGenerator}, the default.
 */
public final class Uuid4 implements TokenGenerator {
    @Override
    public String generate() {
        return UUID.randomUUID().toString();
    }
}
