package org.oauth2kit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;

class RecordsTest {
    private static final Instant ISSUED = Instant.parse("2025-03-01T10:15:30.123456789Z");

    @Test
    @DisplayName("a token record round-trips exactly: nanoseconds, unicode and separator characters in data, no refresh token")
    void tokenRoundTrip() {
        AccessToken token = new AccessToken("d1gest_-", "client:1", "password",
                Map.of("sub", "ålice", "note", "12:3*4#-\n\u0000", "", ""), List.of("read", "wr:ite", ""),
                ISSUED, ISSUED.plusSeconds(3600), null, null, "family-1");
        assertThat(Records.accessToken(Records.accessToken(token))).isEqualTo(token);
        AccessToken refreshable = new AccessToken("a", "c", "authorization_code", Map.of(), List.of(),
                Instant.ofEpochSecond(1_700_000_000), Instant.ofEpochSecond(1_700_003_600), "r",
                Instant.ofEpochSecond(1_702_592_000), "a");
        Records.Redeemable<AccessToken> live = Records.refreshToken(Records.refreshToken(refreshable));
        assertThat(live.value()).isEqualTo(refreshable);
        assertThat(live.used()).isFalse();
    }

    @Test
    @DisplayName("a code record round-trips exactly, with and without redirect URI and PKCE challenge")
    void codeRoundTrip() {
        AuthorizationCode code = new AuthorizationCode("c0de", "abc", "http://localhost:8081/callback?x=1",
                List.of("read"), Map.of("sub", "alice"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256",
                ISSUED, ISSUED.plusSeconds(60));
        assertThat(Records.code(Records.code(code)).value()).isEqualTo(code);
        AuthorizationCode bare = new AuthorizationCode("c0de", "abc", null, List.of(), Map.of(), null, null,
                ISSUED, ISSUED.plusSeconds(60));
        assertThat(Records.code(Records.code(bare)).value()).isEqualTo(bare);
    }

    @Test
    @DisplayName("the format is what the README and the redemption script expect: state byte, version, length-prefixed fields")
    void layout() {
        AuthorizationCode code = new AuthorizationCode("cd", "abc", null, List.of("read"), Map.of("sub", "al"),
                null, null, Instant.ofEpochSecond(100), Instant.ofEpochSecond(160, 5));
        assertThat(new String(Records.code(code), StandardCharsets.UTF_8))
                .isEqualTo("L12:cd3:abc-1*4:read1#3:sub2:al--3:10013:160.000000005");
        byte[] used = Records.code(code);
        used[0] = 'U';
        assertThat(Records.code(used).used()).isTrue();
    }

    @Test
    @DisplayName("a value the store did not write, or of another kind, is refused loudly instead of read as absent")
    void unreadable() {
        AccessToken token = new AccessToken("a", "c", "client_credentials", Map.of(), List.of(), ISSUED,
                ISSUED.plusSeconds(1), null, null, "a");
        byte[] access = Records.accessToken(token);
        assertThatThrownBy(() -> Records.refreshToken(access)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unexpected kind");
        assertThatThrownBy(() -> Records.accessToken(Arrays.copyOf(access, access.length - 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Records.accessToken(Arrays.copyOf(access, access.length + 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Records.code("{\"json\":true}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
        byte[] newer = access.clone();
        newer[1] = '2';
        assertThatThrownBy(() -> Records.accessToken(newer)).hasMessageContaining("version");
        assertThatThrownBy(() -> Records.accessToken("T1-".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class);
    }
}
