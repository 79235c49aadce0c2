package org.oauth2kit.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TokenGeneratorTest {

    @Test
    @DisplayName("R28 the default generator gives 256 bits of SecureRandom as 43 base64url characters, never repeating")
    void secureRandom() {
        SecureRandomTokenGenerator g = new SecureRandomTokenGenerator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String t = g.generate();
            assertThat(t).matches("[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(t)).hasSize(32);
            assertThat(seen.add(t)).isTrue();
        }
    }

    @Test
    @DisplayName("R28 fewer than 128 bits is refused; the seed's Uuid4 generator stays available")
    void limitsAndUuid() {
        assertThatThrownBy(() -> new SecureRandomTokenGenerator(15)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SecureRandomTokenGenerator(16).generate()).hasSize(22);
        assertThat(new Uuid4().generate()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}
