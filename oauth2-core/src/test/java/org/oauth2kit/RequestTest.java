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
    @DisplayName("a built request keeps its headers: the builder adding more afterwards changes only the next request, and the value lists cannot be changed")
    void builderReusedAfterBuild() {
        Request.Builder b = Request.builder("GET", "/r").header("X-A", "1").header("X-B", "1").header("x-b", "2");
        Request first = b.build();
        b.header("X-A", "2").header("X-B", "3").header("X-C", "1");
        Request second = b.build();
        assertThat(first.headers("x-a")).containsExactly("1");
        assertThat(first.headers("x-b")).containsExactly("1", "2");
        assertThat(first.headers("x-c")).isEmpty();
        assertThat(first.headers()).containsOnlyKeys("x-a", "x-b");
        assertThat(second.headers("x-a")).containsExactly("1", "2");
        assertThat(second.headers("x-b")).containsExactly("1", "2", "3");
        assertThat(second.headers("x-c")).containsExactly("1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.headers("x-b").add("9"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.headers("x-a").set(0, "9"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.headers().put("x-d", java.util.List.of("1")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("R35 a declared length within the limit is read exactly; one over it is flagged; a stream cut short is unreadable; one already read is empty")
    void declaredLength() throws Exception {
        byte[] form = "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8);
        // a stream that hands out a few bytes a read and fails if asked past the declared end
        class Trickle extends java.io.InputStream {
            private final byte[] data;
            private int at;
            Trickle(byte[] data) {
                this.data = data;
            }
            @Override
            public int read() {
                throw new AssertionError("one byte at a time");
            }
            @Override
            public int read(byte[] b, int off, int len) {
                if (at == data.length) {
                    throw new AssertionError("asked for more than was declared");
                }
                int n = Math.min(Math.min(len, 3), data.length - at);
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        }
        Request exact = Request.builder("POST", "/t").body(new Trickle(form), form.length, 1024).build();
        assertThat(exact.body()).isEqualTo(form);
        assertThat(exact.bodyTooLarge() || exact.bodyUnreadable()).isFalse();

        Request over = Request.builder("POST", "/t").body(new ByteArrayInputStream(new byte[1025]), 1025, 1024).build();
        assertThat(over.bodyTooLarge()).isTrue();
        assertThat(over.body()).isEmpty();

        Request cut = Request.builder("POST", "/t").body(new ByteArrayInputStream(form), form.length + 10, 1024).build();
        assertThat(cut.bodyUnreadable()).isTrue();
        assertThat(cut.body()).isEmpty();

        Request drained = Request.builder("POST", "/t").body(new ByteArrayInputStream(new byte[0]), form.length, 1024).build();
        assertThat(drained.bodyUnreadable() || drained.bodyTooLarge()).isFalse();
        assertThat(drained.body()).isEmpty();

        Request undeclared = Request.builder("POST", "/t").body(new ByteArrayInputStream(form), -1, 1024).build();
        assertThat(undeclared.body()).isEqualTo(form);
        Request none = Request.builder("POST", "/t").body(null, 12, 1024).build();
        assertThat(none.body()).isEmpty();
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
