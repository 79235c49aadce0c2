package org.oauth2kit.token;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The default generator: 256 bits from {@link SecureRandom}, base64url without padding
 * (43 characters) (R28). Authorization codes always come from this generator, whatever generator
 * is configured for tokens (R13).
 *
 * <p>The bits come from a small pool of DRBGs (NIST SP 800-90A Hash_DRBG, 256-bit security
 * strength), each seeded from the operating system's entropy source, and a thread uses the one
 * its thread id selects. A single {@code new SecureRandom()} would be NativePRNG on Linux, whose
 * every call goes through process-wide locks: under load a token endpoint's threads queue there,
 * and a holder that is descheduled stalls all of them (seen as 10 ms+ monitor waits on two
 * cores). Per-thread instances would avoid that too, but would seed a new DRBG for every virtual
 * thread; a fixed pool of a few times the core count keeps collisions rare for both kinds.
 */
public final class SecureRandomTokenGenerator implements TokenGenerator {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

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
    }

    @Override
    public String generate() {
        byte[] buffer = new byte[bytes];
        Pool.forCurrentThread().nextBytes(buffer);
        return B64URL.encodeToString(buffer);
    }

    /** Created on first use, so that loading the class never waits for entropy. */
    private static final class Pool {
        /** The smallest power of two of at least eight per core, at most 256. */
        private static final SecureRandom[] RANDOMS = create(
                Math.min(256, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 8 - 1) << 1));

        static SecureRandom forCurrentThread() {
            // Thread ids are handed out in sequence, so consecutive threads use different DRBGs.
            return RANDOMS[(int) Thread.currentThread().getId() & (RANDOMS.length - 1)];
        }

        private static SecureRandom[] create(int size) {
            SecureRandom[] randoms = new SecureRandom[size];
            for (int i = 0; i < size; i++) {
                randoms[i] = drbg();
            }
            return randoms;
        }

        private static SecureRandom drbg() {
            try {
                return SecureRandom.getInstance("DRBG",
                        DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
            } catch (NoSuchAlgorithmException e) {
                // A JDK configured without DRBG: its default is still a CSPRNG.
                return new SecureRandom();
            }
        }
    }
}
