package org.oauth2kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.internal.Digests;

class ClientTest {

    @Test
    @DisplayName("R3 a client keeps the SHA-256 digest of its secret, never the secret")
    void secretDigestOnly() {
        Client c = Client.builder("abc").secret("xyz-very-secret").redirectUri("http://localhost/cb").build();
        assertThat(c.secretDigest()).isEqualTo(Digests.sha256("xyz-very-secret"));
        assertThat(c.toString()).doesNotContain("xyz-very-secret").doesNotContain(c.secretDigest());
        assertThat(c.isConfidential()).isTrue();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    @DisplayName("R4 a client without secret is public and by default gets the code grant and refresh only")
    void publicClient() {
        Client c = Client.builder("pub").redirectUri("http://localhost/cb").build();
        assertThat(c.isConfidential()).isFalse();
        assertThat(c.grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
        assertThat(c.responseTypes()).containsExactly("code");
    }

    @Test
    @DisplayName("R5 grant and response types are listed per client; response types follow the grants by default")
    void allowedTypes() {
        Client c = Client.builder("cc").secret("s").grantTypes("client_credentials").build();
        assertThat(c.grantTypes()).containsExactly("client_credentials");
        assertThat(c.responseTypes()).isEmpty();
        Client all = Client.builder("abc").secret("s").build();
        assertThat(all.responseTypes()).containsExactlyInAnyOrder("code", "token", "id_token", "code id_token");
    }

    @Test
    @DisplayName("blank ids, secrets and redirect URIs are refused at registration")
    void validation() {
        assertThatThrownBy(() -> Client.builder(" ").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Client.builder("a").secret("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Client.builder("a").redirectUri("")).isInstanceOf(IllegalArgumentException.class);
    }
}
