package org.oauth2kit.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.error.OAuthInvalidError;

class ScopeTest {

    @Test
    @DisplayName("without available or default scopes the parameter is ignored, as in the seed")
    void ignored() {
        assertThat(new Scope().parse("anything at all")).isEmpty();
        assertThat(new Scope().isEnabled()).isFalse();
    }

    @Test
    @DisplayName("requested scopes must all be available; absence falls back to the default")
    void validation() {
        Scope s = new Scope(List.of("read", "write"), "read");
        assertThat(s.parse("write  read write")).containsExactly("write", "read");
        assertThat(s.parse(null)).containsExactly("read");
        assertThat(s.parse(" ")).containsExactly("read");
        assertThatThrownBy(() -> s.parse("read admin")).isInstanceOf(OAuthInvalidError.class)
                .satisfies(e -> assertThat(((OAuthInvalidError) e).error().code()).isEqualTo("invalid_scope"));
    }

    @Test
    @DisplayName("without a default an absent scope is invalid_scope; malformed scope tokens are refused")
    void noDefault() {
        Scope s = new Scope(List.of("read"), null);
        assertThatThrownBy(() -> s.parse(null)).isInstanceOf(OAuthInvalidError.class);
        assertThatThrownBy(() -> new Scope(List.of("re\"ad"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scope(List.of("read"), "write")).isInstanceOf(IllegalArgumentException.class);
    }
}
