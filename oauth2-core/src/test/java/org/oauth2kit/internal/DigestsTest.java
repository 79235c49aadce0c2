package org.oauth2kit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    @DisplayName("R29 SHA-256 digests are base64url without padding and match the standard test vector")
    void vector() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertThat(Digests.sha256("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }

    @Test
    @DisplayName("R2 constant-time comparison: equal strings match, anything else and null do not")
    void compare() {
        assertThat(Digests.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(Digests.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(Digests.constantTimeEquals("abc", "abcd")).isFalse();
        assertThat(Digests.constantTimeEquals(null, "abc")).isFalse();
        assertThat(Digests.constantTimeEquals("abc", null)).isFalse();
    }

    @Test
    @DisplayName("R37 log labels are short digest prefixes that do not contain the credential")
    void labels() {
        String token = "secret-token-value";
        assertThat(Digests.logLabel(token)).hasSize(8).isEqualTo(Digests.sha256(token).substring(0, 8))
                .doesNotContain("secret");
    }
}
