package org.oauth2kit.grant;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

final class Lifetimes {
    private Lifetimes() {
    }

    static @Nullable Duration positiveOrNull(@Nullable Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        return d;
    }
}
