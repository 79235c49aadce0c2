package org.oauth2kit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.oauth2kit.examples.DemoOptions.Framework;

/**
 * An independent, strict client drives the demo on every framework: oauth4webapi (a certified
 * OAuth 2.0 / OpenID Connect client library for JavaScript runtimes) under Node, through
 * discovery, the code flow with PKCE, state and {@code iss} for a confidential and a public
 * client, the protected resource, refresh rotation and reuse detection, client credentials,
 * introspection, revocation and a denied consent, OpenID Connect, pushed authorization requests,
 * the device authorization grant, token exchange and DPoP, and with JWT access tokens jose's
 * RFC 9068 checks ({@code src/test/node/strict-client.mjs}). None of
 * our own code sits on the client side.
 *
 * <p>Node and npm are needed; {@code npm install} fetches oauth4webapi (a pinned version) into
 * {@code target/strict-client} once.
 */
@DisplayName("A strict independent client (oauth4webapi) through the demo, on every framework")
@Timeout(300)
class StrictClientTest {
    private static final String OAUTH4WEBAPI = "oauth4webapi@3.8.8";
    private static final String JOSE = "jose@6.2.18";
    private static final Path DIR = Paths.get("target", "strict-client");
    private static final List<String> FLOWS = List.of("discovery",
            "code flow with PKCE, state and iss (confidential client)", "protected resource",
            "refresh with rotation and reuse detection", "code flow with PKCE (public client)",
            "client credentials", "introspection and revocation", "denied consent", "OpenID discovery",
            "OpenID code flow: ID token with nonce, signature checked against jwks_uri", "UserInfo",
            "OpenID refresh: a fresh ID token", "pushed authorization request (RFC 9126), request_uri used once",
            "device authorization grant (RFC 8628) with the person at /device",
            "token exchange (RFC 8693): a narrower token for the same user",
            "DPoP (RFC 9449): bound tokens, proofs at the resource, the refresh token bound to the key",
            "from a 401 alone: resource metadata, server metadata, registration, a code flow for the resource",
            "confidential registration, client credentials with the issued secret, bad metadata refused");

    @BeforeAll
    static void installClient() throws Exception {
        Files.createDirectories(DIR);
        Files.copy(Paths.get("src", "test", "node", "strict-client.mjs"), DIR.resolve("strict-client.mjs"),
                StandardCopyOption.REPLACE_EXISTING);
        if (!Files.exists(DIR.resolve("node_modules/oauth4webapi/package.json"))
                || !Files.exists(DIR.resolve("node_modules/jose/package.json"))) {
            Files.writeString(DIR.resolve("package.json"), "{\"private\":true,\"type\":\"module\"}");
            Result install = run(List.of("npm", "install", "--no-audit", "--no-fund", "--silent", OAUTH4WEBAPI, JOSE),
                    240);
            assertThat(install.exit()).as("npm install " + OAUTH4WEBAPI + " " + JOSE + ":\n" + install.output())
                    .isZero();
        }
    }

    static Stream<Framework> frameworks() {
        return Stream.of(Framework.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameworks")
    @DisplayName("R39 R49 R57 R58 R59 R60 R62 R63 R64 every flow passes a strict client's checks, OpenID Connect, PAR, device flow, token exchange and DPoP included")
    void everyFlow(Framework framework) throws Exception {
        try (Demo.Running demo = DemoLauncherTest.start("--framework", framework.name().toLowerCase(Locale.ROOT),
                "--port", "0")) {
            Result r = run(List.of("node", "strict-client.mjs", demo.issuer()), 120);
            assertThat(r.exit()).as(r.output()).isZero();
            for (String flow : FLOWS) {
                assertThat(r.output()).as(r.output()).contains("PASS " + flow + "\n");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frameworks")
    @DisplayName("R54 JWT access tokens pass an independent RFC 9068 check (jose) and the resource; forgeries are refused")
    void jwtAccessTokens(Framework framework) throws Exception {
        try (Demo.Running demo = DemoLauncherTest.start("--framework", framework.name().toLowerCase(Locale.ROOT),
                "--port", "0", "--access-token-format", "jwt")) {
            Result r = run(List.of("node", "strict-client.mjs", demo.issuer(), "--jwt"), 120);
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).contains(
                    "PASS JWT access tokens (RFC 9068) checked by jose, accepted by the resource, forgeries refused\n");
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, long seconds) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is missing: this test needs Node.js and npm "
                    + "(./test.sh installs them; or 'apt-get install nodejs npm')", e);
        }
        // read while it runs, so a full pipe never blocks the process, and a hung one is still cut off
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.start();
        boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        String text = out.toString(StandardCharsets.UTF_8);
        return finished ? new Result(p.exitValue(), text) : new Result(-1, "timed out\n" + text);
    }
}
