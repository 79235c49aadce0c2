package org.oauth2kit.grant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PkceTest {

    @Test
    @DisplayName("R10 the RFC 7636 Appendix B vector: S256 of the verifier is the challenge")
    void appendixB() {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assertThat(Pkce.s256(verifier)).isEqualTo(challenge);
        assertThat(Pkce.matches(verifier, challenge, "S256")).isTrue();
        assertThat(Pkce.matches(verifier, challenge, "plain")).isFalse();
        assertThat(Pkce.matches(verifier, verifier, "plain")).isTrue();
    }

    @Test
    @DisplayName("R10 verifiers are 43 to 128 unreserved characters")
    void verifierSyntax() {
        assertThat(Pkce.isValidVerifier("a".repeat(43))).isTrue();
        assertThat(Pkce.isValidVerifier("a".repeat(128))).isTrue();
        assertThat(Pkce.isValidVerifier("a".repeat(42))).isFalse();
        assertThat(Pkce.isValidVerifier("a".repeat(129))).isFalse();
        assertThat(Pkce.isValidVerifier("a".repeat(42) + "~")).isTrue();
        assertThat(Pkce.isValidVerifier("a".repeat(42) + "+")).isFalse();
        assertThat(Pkce.isValidVerifier(null)).isFalse();
    }
}
