package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_SECRET;
import static org.oauth2kit.testkit.Dispatcher.basic;
import static org.oauth2kit.testkit.ProviderContract.assertErrorPage;
import static org.oauth2kit.testkit.ProviderContract.assertOAuthError;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** {@link ProviderContract}: malformed encodings and credentials, oversized bodies, too many parameters (R35). */
interface ProviderOddInputTests {

    @Test
    @DisplayName("R35 bad percent-encoding, non-UTF-8 bytes and control characters are invalid_request")
    default void r35Encoding(Dispatcher d) {
        String auth = basic(CLIENT_ID, CLIENT_SECRET);
        assertOAuthError(d.post("/token", "grant_type=client_credentials&scope=%zz", "Authorization", auth), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials&scope=%", "Authorization", auth), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials&scope=%C3%28", "Authorization", auth), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "application/x-www-form-urlencoded",
                new byte[] {'g', 'r', 'a', 'n', 't', '_', 't', 'y', 'p', 'e', '=', (byte) 0xff, (byte) 0xfe},
                "Authorization", auth), 400, "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials&scope=%00", "Authorization", auth), 400,
                "invalid_request");
        assertErrorPage(d.get("/authorize", "client_id=abc&state=%G1"));
    }

    @Test
    @DisplayName("R35 malformed Basic credentials, oversized bodies and too many parameters are 4xx, never 500")
    default void r35Limits(Dispatcher d) {
        assertOAuthError(d.post("/token", "grant_type=client_credentials", "Authorization", "Basic !!!notbase64"), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials", "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))),
                400, "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials", "Authorization", "Digest abc"), 401,
                "invalid_client");
        Response tooLarge = d.send(Request.builder("POST", "/token")
                .header("Content-Type", "application/x-www-form-urlencoded").bodyTooLarge().build());
        assertOAuthError(tooLarge, 413, "invalid_request");
        StringBuilder many = new StringBuilder("grant_type=client_credentials");
        for (int i = 0; i < 100; i++) {
            many.append("&p").append(i).append("=v");
        }
        assertOAuthError(d.post("/token", many.toString(), "Authorization", basic(CLIENT_ID, CLIENT_SECRET)), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials&scope=" + "r".repeat(5000), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET)), 400, "invalid_request");
        assertOAuthError(d.send(Request.builder("DELETE", "/token").build()), 405, "invalid_request");
        Response unknownPath = d.get("/nothing-here", null);
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.header("Content-Type")).startsWith("application/json");
    }

    @Test
    @DisplayName("R35 a body read through Request.Builder.body(InputStream, limit) beyond the limit is 413")
    default void r35StreamLimit(Dispatcher d) throws Exception {
        byte[] big = new byte[d.provider().maxBodyBytes() + 1];
        Arrays.fill(big, (byte) 'a');
        Request r = Request.builder("POST", "/token").header("Content-Type", "application/x-www-form-urlencoded")
                .body(new ByteArrayInputStream(big), d.provider().maxBodyBytes()).build();
        assertOAuthError(d.send(r), 413, "invalid_request");
    }
}
