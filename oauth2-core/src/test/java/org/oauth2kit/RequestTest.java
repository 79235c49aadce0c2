package org.oauth2kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

class RequestTest {

    @Test
    @DisplayName("headers are case-insensitive and keep every value; params read as in the seed")
    void basics() {
        Request r = Request.builder("post", "token").rawQuery("a=1&b=x%20y").header("X-A", "1").header("x-a", "2")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .body("c=3".getBytes(StandardCharsets.UTF_8)).build();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/token");
        assertThat(r.headers("X-a")).containsExactly("1", "2");
        assertThat(r.header("x-A")).isEqualTo("1");
        assertThat(r.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(r.getParam("b")).isEqualTo("x y");
        assertThat(r.getParam("zz", "dflt")).isEqualTo("dflt");
        assertThat(r.postParam("c")).isEqualTo("3");
    }

    @Test
    @DisplayName("a header is found by its name in any case, as given or in lower case, and an absent one is empty")
    void headerNamesInAnyCase() {
        Request r = Request.builder("GET", "/r").header("Authorization", "Bearer abc").build();
        for (String name : new String[] {"authorization", "Authorization", "AUTHORIZATION", "aUTHORIZATIOn"}) {
            assertThat(r.header(name)).as(name).isEqualTo("Bearer abc");
            assertThat(r.headers(name)).as(name).containsExactly("Bearer abc");
        }
        assertThat(r.header("dpop")).isNull();
        assertThat(r.headers("DPoP")).isEmpty();
    }

    @Test
    @DisplayName("R35 a body over the limit is flagged and dropped, not read further")
    void bodyLimit() throws Exception {
        Request ok = Request.builder("POST", "/t").body(new ByteArrayInputStream(new byte[1024]), 1024).build();
        assertThat(ok.bodyTooLarge()).isFalse();
        assertThat(ok.body()).hasSize(1024);
        Request big = Request.builder("POST", "/t").body(new ByteArrayInputStream(new byte[1025]), 1024).build();
        assertThat(big.bodyTooLarge()).isTrue();
        assertThat(big.body()).isEmpty();
    }

    @Test
    @DisplayName("responses are immutable; withHeader replaces, addHeader appends")
    void response() {
        Response r = Response.json(200, "{}");
        Response changed = r.withHeader("cache-control", "x").addHeader("Set-Cookie", "a=1").addHeader("set-cookie", "b=2");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(changed.header("Cache-Control")).isEqualTo("x");
        assertThat(changed.headers().get("Set-Cookie")).containsExactly("a=1", "b=2");
    }
}
