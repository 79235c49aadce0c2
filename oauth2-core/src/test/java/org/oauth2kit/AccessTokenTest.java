package org.oauth2kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AccessTokenTest {
    private static final Instant EXPIRES = Instant.parse("2026-12-02T10:00:00.500000001Z");

    private static AccessToken expiringAt(Instant expiresAt) {
        return new AccessToken("digest", "client", "client_credentials", Map.of(), List.of("read"),
                expiresAt.minusSeconds(3600), expiresAt, null, null, "family");
    }

    private static Clock at(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    @Test
    @DisplayName("R30 a token read by a clock expires at its instant to the nanosecond, as when read by an instant")
    void expiryByClock() {
        AccessToken token = expiringAt(EXPIRES);
        Instant[] probes = {
            EXPIRES.minusSeconds(86_400), EXPIRES.minusSeconds(1), EXPIRES.minusMillis(1), EXPIRES.minusNanos(1),
            EXPIRES, EXPIRES.plusNanos(1), EXPIRES.plusMillis(1), EXPIRES.plusSeconds(1), EXPIRES.plusSeconds(86_400),
            Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-02T10:00:00.999999999Z"),
            Instant.parse("2026-12-02T09:59:59.999999999Z"), Instant.parse("2026-12-02T10:00:01Z"),
        };
        for (Instant now : probes) {
            assertThat(token.isExpired(at(now))).as("at %s", now).isEqualTo(token.isExpired(now));
        }
        assertThat(token.isExpired(at(EXPIRES.minusNanos(1)))).isFalse();
        assertThat(token.isExpired(at(EXPIRES))).isTrue();
    }

    @Test
    @DisplayName("R30 a clock before 1970 and an expiry on a whole second are read the same way")
    void expiryByClockAtEdges() {
        AccessToken whole = expiringAt(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(whole.isExpired(at(Instant.parse("2026-12-02T09:59:59.999Z")))).isFalse();
        assertThat(whole.isExpired(at(Instant.parse("2026-12-02T10:00:00Z")))).isTrue();
        AccessToken early = expiringAt(Instant.parse("1969-12-31T23:59:59.500Z"));
        assertThat(early.isExpired(at(Instant.parse("1969-12-31T23:59:59.400Z")))).isFalse();
        assertThat(early.isExpired(at(Instant.parse("1969-12-31T23:59:59.600Z")))).isTrue();
        assertThat(early.isExpired(at(Instant.parse("1969-12-31T23:59:58.900Z")))).isFalse();
    }
}
