package org.oauth2kit.store;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of redeeming a code or retiring a refresh token: exactly one caller ever sees
 * {@link Outcome#REDEEMED} for a given value (R14, R26). A store produces it with one atomic
 * operation of its backend, never a read followed by a write.
 *
 * @param outcome what happened
 * @param value   the code or token; null only for {@link Outcome#NOT_FOUND}
 */
public record Redemption<T>(Outcome outcome, @Nullable T value) {

    public enum Outcome {
        /** This caller won: the value is now marked as used. */
        REDEEMED,
        /** It was used before; the value says what it was, so its family can be revoked (R15, R25). */
        ALREADY_REDEEMED,
        /** Unknown, expired and cleaned up, or revoked. */
        NOT_FOUND
    }

    public Redemption {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.NOT_FOUND) != (value == null)) {
            throw new IllegalArgumentException("a value goes with REDEEMED and ALREADY_REDEEMED only");
        }
    }

    public static <T> Redemption<T> redeemed(T value) {
        return new Redemption<>(Outcome.REDEEMED, value);
    }

    public static <T> Redemption<T> alreadyRedeemed(T value) {
        return new Redemption<>(Outcome.ALREADY_REDEEMED, value);
    }

    public static <T> Redemption<T> notFound() {
        return new Redemption<>(Outcome.NOT_FOUND, null);
    }
}
