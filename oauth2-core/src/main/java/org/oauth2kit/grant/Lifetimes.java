package org.oauth2kit.grant;

import java.time.Duration;

final class Lifetimes {
    private Lifetimes() {
    }

    static Duration positiveOrNull(Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        return d;
    }
}
