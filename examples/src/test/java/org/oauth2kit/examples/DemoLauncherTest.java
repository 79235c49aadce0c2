package org.oauth2kit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.examples.DemoHttp.sessionCookie;
import static org.oauth2kit.examples.DemoHttp.queryParam;
import static org.oauth2kit.examples.DemoHttp.csrfToken;
import static org.oauth2kit.examples.DemoHttp.basic;
import static org.oauth2kit.examples.DemoHttp.form;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oauth2kit.examples.DemoOptions.Framework;
import org.oauth2kit.testkit.JsonFields;

/** Every framework's demo, started through the launcher on port 0, answers as the README says. */
@DisplayName("The demo, through the launcher")
@Timeout(120)
class DemoLauncherTest {

    /** Every framework of this build. */
    static Stream<Framework> frameworks() {
        return Stream.of(Framework.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameworks")
    @DisplayName("landing page, metadata, client credentials, password grant, /api/me, error page")
    void serves(Framework framework) throws Exception {
        try (Demo.Running demo = start("--framework", framework.name().toLowerCase(java.util.Locale.ROOT),
                "--port", "0")) {
            checkDemo(demo);
        }
    }

    @Test
    @DisplayName("--store memcache keeps tokens in a real memcached")
    void memcache() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             Demo.Running demo = start("--store", "memcache", "--memcached", memcached.address(), "--port", "0")) {
            assertThat(demo.stores().description()).startsWith("memcached at " + memcached.address());
            checkDemo(demo);
        }
    }

    @Test
    @DisplayName("R48 two processes with one --node-secret on one memcached act as one server: a sign-in begins on one and ends on the other")
    void twoProcesses() throws Exception {
        String secret = "a secret both processes share";
        String issuer = "http://localhost:8080"; // one public name for both, as behind a load balancer
        String authorize = "/authorize?response_type=code&client_id=abc&redirect_uri="
                + "http%3A%2F%2Flocalhost%3A8081%2Fcallback&scope=openid%20read&state=s2&nonce=n2";
        try (MemcachedProcess memcached = MemcachedProcess.start();
             Demo.Running a = start("--store", "memcache", "--memcached", memcached.address(), "--node-secret", secret,
                     "--issuer", issuer, "--port", "0");
             Demo.Running b = start("--store", "memcache", "--memcached", memcached.address(), "--node-secret", secret,
                     "--issuer", issuer, "--port", "0", "--framework", "servlet")) {
            DemoHttp onA = new DemoHttp(a.baseUrl());
            DemoHttp onB = new DemoHttp(b.baseUrl());
            HttpResponse<String> login = onA.get(authorize);
            HttpResponse<String> consent = onB.postForm(authorize, form("csrf_token", csrfToken(login.body()),
                    "username", "alice", "password", "wonderland"), "Cookie", sessionCookie(login));
            assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
            HttpResponse<String> allowed = onA.postForm(authorize, form("csrf_token", csrfToken(consent.body()),
                    "consent", "allow"), "Cookie", sessionCookie(consent));
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(302);
            String code = queryParam(allowed.headers().firstValue("Location").orElseThrow(), "code");
            HttpResponse<String> tokens = onB.postForm("/token", form("grant_type", "authorization_code", "code", code,
                    "redirect_uri", DemoConfig.REDIRECT_URI), "Authorization", basic("abc", "xyz"));
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            assertThat(JsonFields.string(tokens.body(), "id_token")).isNotBlank();
            assertThat(onA.get("/jwks").body()).as("both publish the same signing key").isEqualTo(onB.get("/jwks").body());
            HttpResponse<String> me = onA.get("/api/me", "Authorization",
                    "Bearer " + JsonFields.string(tokens.body(), "access_token"));
            assertThat(me.statusCode()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("R52 --signing-key FILE signs ID tokens with the private JWK in the file, and the JWKS publishes it")
    void signingKeyFromFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] pub = pair.getPublic().getEncoded();
        byte[] priv = pair.getPrivate().getEncoded();
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        java.nio.file.Path file = dir.resolve("signing.jwk");
        java.nio.file.Files.writeString(file, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"from-file\",\"x\":\""
                + b64.encodeToString(java.util.Arrays.copyOfRange(pub, pub.length - 32, pub.length)) + "\",\"d\":\""
                + b64.encodeToString(java.util.Arrays.copyOfRange(priv, priv.length - 32, priv.length)) + "\"}");
        try (Demo.Running demo = start("--signing-key", file.toString(), "--port", "0")) {
            String jwks = new DemoHttp(demo.baseUrl()).get("/jwks").body();
            assertThat(jwks).contains("\"kid\":\"from-file\"").contains("\"alg\":\"EdDSA\"");
        }
    }

    @Test
    @DisplayName("--store redis keeps tokens in a real redis-server")
    void redis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             Demo.Running demo = start("--store", "redis", "--redis-uri", redis.uri(), "--port", "0")) {
            assertThat(demo.stores().description()).startsWith("Redis at " + redis.uri());
            checkDemo(demo);
        }
    }

    @Test
    @DisplayName("--store jdbc without a URL keeps clients, tokens and codes in an embedded H2 database and says so")
    void jdbc() throws Exception {
        try (Demo.Running demo = start("--store", "jdbc", "--port", "0")) {
            assertThat(demo.stores().description()).isEqualTo("an embedded H2 database");
            checkDemo(demo);
        }
    }

    @Test
    @DisplayName("--store mongodb without a URI starts an in-process MongoDB wire-protocol server and says so")
    void mongodb() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Demo.Running demo = Demo.start(DemoOptions.parse("--store", "mongodb", "--port", "0",
                "--framework", "servlet"), new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("started an in-process MongoDB wire-protocol server");
            assertThat(demo.stores().description()).contains("mongo-java-server");
            checkDemo(demo);
        }
    }

    @Test
    @DisplayName("--store memcache with no memcached answering: the launcher exits 1 and says what to do")
    void memcacheDown() throws Exception {
        int unused;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            unused = s.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Demo.run(new String[] {"--store", "memcache", "--memcached", "127.0.0.1:" + unused, "--port", "0"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not answer").contains("--memcached");
    }

    @Test
    @DisplayName("--redirect-uri adds a redirect URI both clients accept")
    void extraRedirectUri() throws Exception {
        try (Demo.Running demo = start("--port", "0", "--redirect-uri", "http://localhost:3000/cb")) {
            DemoHttp http = new DemoHttp(demo.baseUrl());
            for (String client : new String[] {"abc", "pub"}) {
                HttpResponse<String> page = http.get("/authorize?response_type=code&client_id=" + client
                        + "&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb"
                        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
                assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
                assertThat(page.body()).contains("Sign in");
            }
        }
    }

    static Demo.Running start(String... args) throws Exception {
        return Demo.start(DemoOptions.parse(args), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    static void checkDemo(Demo.Running demo) throws Exception {
        DemoHttp http = new DemoHttp(demo.baseUrl());
        assertThat(demo.issuer()).isEqualTo("http://localhost:" + demo.server().port());

        HttpResponse<String> landing = http.get("/");
        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(landing.body()).contains("oauth2kit demo").contains("/.well-known/oauth-authorization-server");

        HttpResponse<String> metadata = http.get("/.well-known/oauth-authorization-server");
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(JsonFields.string(metadata.body(), "issuer")).isEqualTo(demo.issuer());
        assertThat(JsonFields.string(metadata.body(), "token_endpoint")).isEqualTo(demo.issuer() + "/token");

        HttpResponse<String> cc = http.postForm("/token", form("grant_type", "client_credentials"),
                "Authorization", basic("abc", "xyz"));
        assertThat(cc.statusCode()).as(cc.body()).isEqualTo(200);
        String clientToken = JsonFields.string(cc.body(), "access_token");
        HttpResponse<String> me = http.get("/api/me", "Authorization", "Bearer " + clientToken);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(me.headers().firstValue("Cache-Control")).as("a user's data is not cached").hasValue("no-store");
        assertThat(JsonFields.string(me.body(), "client_id")).isEqualTo("abc");
        assertThat(JsonFields.string(me.body(), "scope")).isEqualTo("read");

        HttpResponse<String> password = http.postForm("/token", form("grant_type", "password", "username", "alice",
                "password", "wonderland", "scope", "read write"), "Authorization", basic("abc", "xyz"));
        assertThat(password.statusCode()).as(password.body()).isEqualTo(200);
        assertThat(JsonFields.string(password.body(), "refresh_token")).isNotBlank();
        HttpResponse<String> alice = http.get("/api/me", "Authorization",
                "Bearer " + JsonFields.string(password.body(), "access_token"));
        assertThat(JsonFields.string(alice.body(), "sub")).isEqualTo("alice");
        assertThat(JsonFields.string(alice.body(), "scope")).isEqualTo("read write");

        HttpResponse<String> wrong = http.postForm("/token", form("grant_type", "password", "username", "alice",
                "password", "queen"), "Authorization", basic("abc", "xyz"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(JsonFields.string(wrong.body(), "error")).isEqualTo("invalid_grant");

        HttpResponse<String> anonymous = http.get("/api/me");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");

        HttpResponse<String> unknownClient = http.get("/authorize?response_type=code&client_id=nobody");
        assertThat(unknownClient.statusCode()).isEqualTo(400);
        assertThat(unknownClient.headers().firstValue("Location")).isEmpty();
        assertThat(unknownClient.body()).contains("oauth2kit demo").contains("This request cannot be completed")
                .contains("Reason:</strong> unknown client");

        HttpResponse<String> badRedirect = http.get("/authorize?response_type=code&client_id=abc"
                + "&redirect_uri=https%3A%2F%2Fevil.example%2F");
        assertThat(badRedirect.statusCode()).isEqualTo(400);
        assertThat(badRedirect.headers().firstValue("Location")).isEmpty();
        assertThat(badRedirect.body()).contains("redirect_uri is not registered for this client");
    }
}
