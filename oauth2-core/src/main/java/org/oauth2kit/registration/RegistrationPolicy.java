package org.oauth2kit.registration;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthBaseError;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.internal.Digests;
import org.oauth2kit.web.Request;

/**
 * Who may register a client, decided before anything is stored: throw an
 * {@link OAuthBaseError} to refuse (401 {@code invalid_token} for a missing or wrong initial access
 * token, 429 for too many registrations, 400 {@code invalid_client_metadata} for metadata your
 * application does not accept). Combine policies with {@link #and}.
 */
@FunctionalInterface
public interface RegistrationPolicy {

    /**
     * @param request  the registration request
     * @param metadata the client metadata as sent (JSON object members)
     */
    void check(Request request, Map<String, Object> metadata);

    /** Anyone may register (RFC 7591 §3: open registration). */
    static RegistrationPolicy open() {
        return (request, metadata) -> {
        };
    }

    /**
     * Only requests carrying one of these initial access tokens ({@code Authorization: Bearer …},
     * RFC 7591 §3); compared by digest in constant time.
     */
    static RegistrationPolicy initialAccessToken(String... tokens) {
        List<String> digests = java.util.Arrays.stream(tokens).map(Digests::sha256).toList();
        return (request, metadata) -> {
            String header = request.header("authorization");
            String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim() : null;
            boolean match = false;
            String digest = Digests.sha256(presented == null ? "" : presented);
            for (String d : digests) {
                match |= Digests.constantTimeEquals(digest, d);
            }
            if (presented == null || !match) {
                throw new OAuthBaseError(ErrorCode.INVALID_TOKEN, "a valid initial access token is required", null, 401);
            }
        };
    }

    /**
     * At most {@code registrations} per minute for the whole endpoint (per process), then 429:
     * a brake on floods of registrations, which a store would otherwise keep.
     */
    static RegistrationPolicy perMinute(int registrations) {
        if (registrations < 1) {
            throw new IllegalArgumentException("registrations must be positive");
        }
        AtomicLong window = new AtomicLong();
        AtomicLong count = new AtomicLong();
        return (request, metadata) -> {
            long minute = System.currentTimeMillis() / 60_000;
            long current = window.get();
            if (minute != current && window.compareAndSet(current, minute)) {
                count.set(0);
            }
            if (count.incrementAndGet() > registrations) {
                throw OAuthInvalidError.invalidRequest("too many registrations; try again in a minute", 429);
            }
        };
    }

    /** This policy, then {@code next}. */
    default RegistrationPolicy and(RegistrationPolicy next) {
        Objects.requireNonNull(next, "next");
        return (request, metadata) -> {
            check(request, metadata);
            next.check(request, metadata);
        };
    }
}
