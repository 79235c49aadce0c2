package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.resource.ProtectedResource;

/**
 * {@link HttpContract}: authorization server metadata (RFC 8414) and protected resource metadata
 * (RFC 9728), including their places from the root of the host.
 */
interface HttpMetadataTests {

    @Test
    @DisplayName("R34 metadata is served at /.well-known/oauth-authorization-server with the configured issuer")
    default void metadata(HttpContract server) throws Exception {
        HttpResponse<String> r = server.get("/.well-known/oauth-authorization-server");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        String issuer = ContractFixture.ISSUER;
        assertThat(JsonFields.string(r.body(), "issuer")).isEqualTo(issuer);
        assertThat(JsonFields.string(r.body(), "authorization_endpoint")).isEqualTo(issuer + "/authorize");
        assertThat(JsonFields.string(r.body(), "token_endpoint")).isEqualTo(issuer + "/token");
        assertThat(JsonFields.string(r.body(), "revocation_endpoint")).isEqualTo(issuer + "/revoke");
        assertThat(JsonFields.string(r.body(), "introspection_endpoint")).isEqualTo(issuer + "/introspect");
        assertThat(r.body()).contains("\"authorization_response_iss_parameter_supported\":true")
                .contains("\"code_challenge_methods_supported\":[\"S256\"]")
                .contains("\"grant_types_supported\":[").contains("\"client_credentials\"")
                .contains("\"response_types_supported\":[\"code\",\"token\"]")
                .contains("\"token_endpoint_auth_methods_supported\":[").contains("\"client_secret_basic\"")
                .contains("\"scopes_supported\":[\"read\",\"write\"]");
    }

    @Test
    @DisplayName("R34 the issuer is configured, never taken from forwarded host headers")
    default void issuerNotGuessed(HttpContract server) throws Exception {
        HttpResponse<String> r = server.get("/.well-known/oauth-authorization-server",
                "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http", "Forwarded", "host=evil.example");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("evil.example");
    }

    @Test
    @DisplayName("R34 for an issuer with a path, the metadata is at /.well-known/oauth-authorization-server/<path> from the host's root (RFC 8414 §3.1)")
    default void metadataOfIssuerWithPath(HttpContract server) throws Exception {
        String issuer = ContractFixture.ISSUER + "/tenant/one";
        server.restartWith(b -> b.issuer(issuer));
        assertThat(server.provider.metadataLocation()).isEqualTo("/.well-known/oauth-authorization-server/tenant/one");
        HttpResponse<String> r = server.servesHostRoot() ? server.getFromHostRoot(server.provider.metadataLocation())
                : server.get(server.provider.metadataPath());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JsonFields.string(r.body(), "issuer")).isEqualTo(issuer);
        assertThat(JsonFields.string(r.body(), "token_endpoint")).isEqualTo(issuer + "/token");
        assertThat(server.get(server.provider.tokenPath()).statusCode()).as("endpoints stay below the mount point")
                .isEqualTo(405);
    }

    @Test
    @DisplayName("R64 protected resource metadata is served from the host's root (RFC 9728 §3.1), and named in the resource's 401")
    default void protectedResourceMetadataFromRoot(HttpContract server) throws Exception {
        // the resource is where the adapter serves /api/me: below its mount point, if it has one
        String mount = server.base.getRawPath() == null ? "" : server.base.getRawPath();
        server.restartWith(b -> b.resource(ProtectedResource.of(ContractFixture.ISSUER + mount + "/api/me",
                List.of("read"), "API")));
        String location = "/.well-known/oauth-protected-resource" + mount + "/api/me";
        assertThat(server.provider.rootPaths()).contains(location);
        if (server.servesHostRoot()) {
            HttpResponse<String> r = server.getFromHostRoot(location);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JsonFields.string(r.body(), "resource")).isEqualTo(ContractFixture.ISSUER + mount + "/api/me");
            assertThat(r.body()).contains("\"authorization_servers\":[\"" + ContractFixture.ISSUER + "\"]");
        }
        assertThat(server.get("/.well-known/oauth-protected-resource/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> challenge = server.get("/api/me");
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().allValues("WWW-Authenticate")).anySatisfy(v -> assertThat(v).contains(
                "resource_metadata=\"" + ContractFixture.ISSUER + location + "\""));
    }
}
