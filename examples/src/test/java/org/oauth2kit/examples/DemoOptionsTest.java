package org.oauth2kit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.oauth2kit.examples.DemoOptions.Framework;
import org.oauth2kit.examples.DemoOptions.StoreKind;
import org.oauth2kit.examples.DemoOptions.UsageException;

@DisplayName("The launcher's command line")
class DemoOptionsTest {

    @Test
    @DisplayName("without options: the default framework, memory store, port 8080, issuer http://localhost:8080")
    void defaults() throws Exception {
        DemoOptions o = DemoOptions.parse();
        assertThat(o.framework()).isEqualTo(DemoOptions.DEFAULT_FRAMEWORK);
        assertThat(o.store()).isEqualTo(StoreKind.MEMORY);
        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.issuerFor(8080)).isEqualTo("http://localhost:8080");
        assertThat(o.memcachedServers()).containsExactly("127.0.0.1:11211");
        assertThat(o.mongodbUri()).isNull();
        assertThat(o.redirectUris()).isEmpty();
    }

    @Test
    @DisplayName("every option, in both spellings, with repeated redirect URIs")
    void everyOption() throws Exception {
        DemoOptions o = DemoOptions.parse("--framework", "jdk", "--store=memcache", "--port", "9090",
                "--issuer", "https://auth.example.com", "--memcached", "10.0.0.1:11211,10.0.0.2:11212",
                "--mongodb-uri=mongodb://db.example:27017", "--redirect-uri", "http://localhost:3000/cb",
                "--redirect-uri=https://app.example/cb", "--host", "0.0.0.0");
        assertThat(o.framework()).isEqualTo(Framework.JDK);
        assertThat(o.store()).isEqualTo(StoreKind.MEMCACHE);
        assertThat(o.port()).isEqualTo(9090);
        assertThat(o.host()).isEqualTo("0.0.0.0");
        assertThat(o.issuerFor(9090)).isEqualTo("https://auth.example.com");
        assertThat(o.memcachedServers()).containsExactly("10.0.0.1:11211", "10.0.0.2:11212");
        assertThat(o.mongodbUri()).isEqualTo("mongodb://db.example:27017");
        assertThat(o.redirectUris()).containsExactly("http://localhost:3000/cb", "https://app.example/cb");
    }

    @Test
    @DisplayName("--node-secret: 16 characters or more; the same secret gives the same signing key, another a different one")
    void nodeSecret() throws Exception {
        assertThat(DemoOptions.parse("--node-secret", "0123456789abcdef").nodeSecret()).isEqualTo("0123456789abcdef");
        assertThat(DemoOptions.parse().nodeSecret()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoOptions.parse("--node-secret", "short"))
                .isInstanceOf(DemoOptions.UsageException.class).hasMessageContaining("16");
        assertThat(DemoConfig.signingKey("0123456789abcdef").jwk())
                .isEqualTo(DemoConfig.signingKey("0123456789abcdef").jwk())
                .isNotEqualTo(DemoConfig.signingKey("0123456789abcdeg").jwk());
    }

    @Test
    @DisplayName("extra redirect URIs go to both demo clients, after the default one")
    void redirectUrisReachClients() {
        assertThat(DemoConfig.clients(List.of("http://localhost:3000/cb")))
                .allSatisfy(c -> assertThat(c.redirectUris())
                        .containsExactly(DemoConfig.REDIRECT_URI, "http://localhost:3000/cb"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--frobnicate", "--framework=spring", "--store cassandra", "--port 70000", "--port eighty",
            "--port", "--issuer ftp://x", "--issuer http://localhost:8080/", "--issuer not-a-url",
            "--memcached localhost", "--memcached host:0", "--mongodb-uri http://x", "--redirect-uri /callback",
            "--redirect-uri http://x/cb#frag", "stray", "--help=yes", "--host="})
    @DisplayName("unknown or malformed options are refused")
    void refused(String line) {
        String[] args = line.split(" ");
        assertThatThrownBy(() -> DemoOptions.parse(args)).isInstanceOf(UsageException.class);
    }

    @Test
    @DisplayName("a bad command line prints the error and the usage to stderr and exits with status 2")
    void usageOnError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Demo.run(new String[] {"--store", "cassandra"}, print(out), print(err));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--store must be one of memory, memcache, mongodb, redis, jdbc, not 'cassandra'")
                .contains("Usage: java -jar oauth2-examples.jar");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    @DisplayName("an unknown option is named as such")
    void unknownOption() {
        assertThatThrownBy(() -> DemoOptions.parse("--bogus")).hasMessage("unknown option: --bogus");
        assertThatThrownBy(() -> DemoOptions.parse("--port")).hasMessage("--port needs a value");
    }

    @Test
    @DisplayName("--help prints the usage to stdout and exits with status 0")
    void help() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Demo.run(new String[] {"--help"}, print(out), print(new ByteArrayOutputStream()));
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--framework NAME").contains("--redirect-uri URI");
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }
}
