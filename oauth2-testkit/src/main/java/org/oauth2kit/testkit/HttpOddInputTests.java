package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.HttpContract.assertErrorPage;
import static org.oauth2kit.testkit.HttpContract.assertJsonError;
import static org.oauth2kit.testkit.HttpContract.assertRefusedByServer;
import static org.oauth2kit.testkit.HttpContract.basic;
import static org.oauth2kit.testkit.HttpContract.codeRequest;
import static org.oauth2kit.testkit.HttpContract.form;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.testkit.HttpContract.RawResponse;

/**
 * {@link HttpContract}: bodies at and over the size limit, malformed chunking, bad encodings in the
 * query and the body; some sent over a raw socket because {@link java.net.http.HttpClient} will not
 * send them. What a framework refuses before the adapter runs is checked only as far as no
 * adapter can change it (see {@link HttpContract#deliversMalformedRequestTargets} and
 * {@link HttpContract#malformedParametersReachAdapter}).
 */
interface HttpOddInputTests {

    @Test
    @DisplayName("R35 a body larger than maxBodyBytes is 413 JSON")
    default void oversizedBody(HttpContract server) throws Exception {
        String padding = "x".repeat(server.provider.maxBodyBytes() + 4096);
        // repeated: a server that closes with unread bytes loses the answer to a reset now and then
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = server.postForm("/token", "grant_type=client_credentials&padding=" + padding,
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            assertJsonError(r, 413, "invalid_request");
        }
    }

    @Test
    @DisplayName("R35 a body just under maxBodyBytes is read whole")
    default void bodyAtLimit(HttpContract server) throws Exception {
        // one long parameter would hit the parameter-length limit; many medium ones the count limit
        StringBuilder body = new StringBuilder("grant_type=client_credentials");
        int i = 0;
        while (body.length() < Math.min(server.provider.maxBodyBytes() - 4200, 40 * 4000)) {
            body.append("&p").append(i++).append('=').append("y".repeat(4000));
        }
        HttpResponse<String> r = server.postForm("/token", body.toString(),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("R35 a chunked body over maxBodyBytes is 413, as one with Content-Length is")
    default void chunkedBodyTooLarge(HttpContract server) throws Exception {
        int size = server.provider.maxBodyBytes() + 1024;
        String chunk = Integer.toHexString(size) + "\r\n" + "a".repeat(size) + "\r\n0\r\n\r\n";
        RawResponse r = server.rawExchange("POST {base}/token HTTP/1.1\r\nHost: " + server.base.getHost() + ":"
                + server.base.getPort() + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", chunk.getBytes(StandardCharsets.US_ASCII));
        assertThat(r.status()).as(r.head()).isEqualTo(413);
    }

    @Test
    @DisplayName("R46 a malformed chunked body is answered 400 invalid_request, never a 500 or no answer")
    default void malformedChunkedBody(HttpContract server) throws Exception {
        for (String path : List.of("/token", "/authorize?" + form(codeRequest()))) {
            RawResponse r = server.rawExchange("POST {base}" + path + " HTTP/1.1\r\nHost: " + server.base.getHost()
                    + ":" + server.base.getPort() + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                    "zz\r\ngrant_type=client_credentials\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(r.status()).as("%s: %s%n%s", path, r.head(), r.body()).isEqualTo(400);
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    @DisplayName("R35 bad percent-encoding in the body is 400 invalid_request")
    default void badPercentEncoding(HttpContract server) throws Exception {
        for (String body : List.of("grant_type=client_credentials&scope=%zz", "grant_type=client_credentials&scope=%",
                "grant_type=client_credentials&scope=%4")) {
            HttpResponse<String> r = server.postForm("/token", body,
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            if (server.malformedParametersReachAdapter()) {
                assertJsonError(r, 400, "invalid_request");
            } else {
                assertRefusedByServer(r);
            }
        }
    }

    @Test
    @DisplayName("R35 bytes that are not UTF-8, raw or percent-encoded, are 400 invalid_request")
    default void nonUtf8Body(HttpContract server) throws Exception {
        String auth = basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET);
        byte[] raw = "grant_type=client_credentials&scope=re\u00ffad".getBytes(StandardCharsets.ISO_8859_1);
        for (HttpResponse<String> r : List.of(
                server.postBytes("/token", "application/x-www-form-urlencoded", raw, "Authorization", auth),
                server.postForm("/token", "grant_type=client_credentials&scope=%C3%28", "Authorization", auth))) {
            if (server.malformedParametersReachAdapter()) {
                assertJsonError(r, 400, "invalid_request");
            } else {
                assertRefusedByServer(r);
            }
        }
    }

    @Test
    @DisplayName("R35 bytes that are not UTF-8 in the query get a 400 page, not a 500")
    default void nonUtf8Query(HttpContract server) throws Exception {
        HttpResponse<String> r = server.get("/authorize?client_id=abc&state=%FF%FE&response_type=code");
        if (!server.malformedParametersReachAdapter()) {
            assertRefusedByServer(r);
            return;
        }
        assertErrorPage(r, 400);
        assertThat(r.body()).contains("invalid_request");
    }

    @Test
    @DisplayName("R35 bad percent-encoding in the query gets a 400 page, not a 500 or a redirect")
    default void badPercentEncodingInQuery(HttpContract server) throws Exception {
        RawResponse r = server.raw("GET", ("/authorize?" + form(codeRequest()) + "&x=%zz")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.head().toLowerCase(Locale.ROOT)).doesNotContain("\r\nlocation:");
        assertThat(r.body()).doesNotContain("\tat ");
        if (server.deliversMalformedRequestTargets() && server.malformedParametersReachAdapter()) {
            assertThat(r.body()).contains("invalid_request").doesNotContain("Exception");
        }
    }

    @Test
    @DisplayName("R35 raw bytes that are not UTF-8 in the query get a 400 page, not a 500 or a redirect")
    default void rawNonUtf8Query(HttpContract server) throws Exception {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        target.write(("/authorize?" + form(codeRequest()) + "&x=").getBytes(StandardCharsets.US_ASCII));
        target.write(new byte[] {(byte) 0xff, (byte) 0xfe});
        RawResponse r = server.raw("GET", target.toByteArray());
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.head().toLowerCase(Locale.ROOT)).doesNotContain("\r\nlocation:");
        assertThat(r.body()).contains("invalid_request").doesNotContain("Exception");
    }

    @Test
    @DisplayName("R35 an oversized POST to the authorization endpoint is 413, never redirected")
    default void oversizedPost(HttpContract server) throws Exception {
        // repeated: a server that closes with unread bytes loses the answer to a reset now and then
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = server.postForm("/authorize?" + form(codeRequest()),
                    "consent=allow&padding=" + "x".repeat(server.provider.maxBodyBytes() + 4096));
            assertErrorPage(r, 413);
        }
    }
}
