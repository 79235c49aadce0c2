package org.oauth2kit.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PublicAddressTest {

    @Test
    @DisplayName("R65 documents are never fetched from loopback, private, link-local, unique-local, CGNAT, reserved or mapped private addresses")
    void onlyPublicAddresses() throws Exception {
        for (String refused : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "0.0.0.0", "100.64.0.1", "192.0.0.8", "198.18.0.1", "240.0.0.1", "224.0.0.1", "::1", "::", "fc00::1",
                "fd12:3456::1", "fe80::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "ff02::1"}) {
            assertThat(ClientIdMetadataDocuments.isPublic(InetAddress.getByName(refused))).as(refused).isFalse();
        }
        for (String allowed : new String[] {"8.8.8.8", "1.1.1.1", "93.184.216.34", "2001:4860:4860::8888",
                "::ffff:8.8.8.8"}) {
            assertThat(ClientIdMetadataDocuments.isPublic(InetAddress.getByName(allowed))).as(allowed).isTrue();
        }
    }
}
