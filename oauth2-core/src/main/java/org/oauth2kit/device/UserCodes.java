package org.oauth2kit.device;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * User codes (RFC 8628 §6.1): eight letters from twenty consonants without look-alikes (no vowels,
 * so no words; no I, O, Y), shown as {@code BCDF-GHJK}, read case-insensitively with any dashes
 * and spaces: 20^8 ≈ 2^34.6 values. Guessing is bounded by the failures a verification endpoint
 * allows per minute ({@link FailureLimit}) and by the codes' short life.
 */
final class UserCodes {
    static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    static final int LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private UserCodes() {
    }

    static String generate() {
        StringBuilder sb = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == LENGTH / 2) {
                sb.append('-');
            }
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The canonical form of what a person typed, or null when it cannot be a user code. */
    static String normalize(String typed) {
        if (typed == null || typed.length() > 32) {
            return null;
        }
        StringBuilder sb = new StringBuilder(LENGTH);
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            if (ALPHABET.indexOf(c) < 0) {
                return null;
            }
            sb.append(c);
        }
        return sb.length() == LENGTH ? sb.toString() : null;
    }

    /**
     * Wrong codes allowed per minute, for the whole endpoint: a guesser is slowed down whoever
     * they are (the endpoint cannot tell people apart before sign-in). Per process; with several
     * processes the budget is theirs together.
     */
    static final class FailureLimit {
        private final int perMinute;
        private final AtomicLong window = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();

        FailureLimit(int perMinute) {
            this.perMinute = perMinute;
        }

        boolean exhausted(long nowMillis) {
            roll(nowMillis);
            return failures.get() >= perMinute;
        }

        void fail(long nowMillis) {
            roll(nowMillis);
            failures.incrementAndGet();
        }

        private void roll(long nowMillis) {
            long minute = nowMillis / 60_000;
            long current = window.get();
            if (minute != current && window.compareAndSet(current, minute)) {
                failures.set(0);
            }
        }
    }
}
