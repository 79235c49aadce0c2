package org.oauth2kit.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Short-lived records that grants and endpoints of their own keep between requests: a device
 * authorization (RFC 8628), a pushed authorization request (RFC 9126), a DPoP proof's {@code jti}
 * (RFC 9449), or whatever an application's extension needs. The core decides what a record
 * means and checks its expiry itself; a store only keeps strings, and performs each operation
 * below as <em>one atomic operation of its backend</em>, never a read followed by a write, so that
 * any number of concurrent callers in any number of processes see the outcomes stated here.
 *
 * <p>{@code kind} names the sort of record ({@code [a-z0-9_]{1,32}}, e.g. {@code "device_code"});
 * {@code key} is a digest computed by the core (base64url, at most 128 characters) or another
 * value of at most 128 characters that {@link StoreKeys#part} turns into a key part. A value is at
 * most 16 KiB of text. After {@code expiresAt} a backend may drop a record; the core never relies
 * on it being gone or still there.
 *
 * <p>Any method may throw {@link org.oauth2kit.error.StoreUnavailableError} when the backend
 * cannot be reached, within a bounded time. {@code oauth2-testkit}'s {@code EphemeralStoreContract}
 * states every rule below as a test, races included.
 */
public interface EphemeralStore {

    /**
     * Stores a record unless one is stored under this kind and key: of any number of concurrent
     * callers with the same kind and key, exactly one gets {@code true}.
     */
    boolean add(String kind, String key, String value, Instant expiresAt);

    /** The record's value, or empty. */
    Optional<String> get(String kind, String key);

    /**
     * Replaces the value when it is still {@code expected} (compare-and-set), keeping its expiry: of
     * any number of concurrent callers with the same {@code expected}, at most one gets {@code true}.
     * False when the record is gone or holds another value.
     */
    boolean replace(String kind, String key, String expected, String value);

    /**
     * Removes the record and returns its value: of any number of concurrent callers, exactly one
     * gets the value; the others, and every later caller, get empty.
     */
    Optional<String> take(String kind, String key);
}
