package org.oauth2kit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.ImplicitGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.testkit.JsonFields;
import org.oauth2kit.testkit.Wire;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/** The seed's example as the README shows it: it compiles, it works, and the README shows exactly this code. */
class ReadmeExampleTest {

    // example:start
    // A SiteAdapter to interact with the user: login, confirmation dialogs and the like.
    static final class ExampleSiteAdapter implements SiteAdapter {
        @Override
        public Map<String, String> authenticate(Request request, Map<String, Object> environ,
                List<String> scopes, Client client) {
            if ("1".equals(request.postParam("confirm"))) {
                return Map.of("sub", "alice"); // whatever identifies the user
            }
            throw new UserNotAuthenticated();
        }

        @Override
        public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
                List<String> scopes, Client client) {
            return response.withBody("""
                    <html>
                      <body>
                        <form method="POST" name="confirmation_form">
                          <input name="confirm" type="hidden" value="1" />
                          <input type="submit" value="confirm" />
                        </form>
                      </body>
                    </html>""");
        }
    }

    static Provider createProvider() {
        // An in-memory store for client apps, with one client
        MemoryClientStore clientStore = new MemoryClientStore();
        clientStore.addClient("abc", "xyz", List.of("http://localhost:8081/callback"));

        // An in-memory store for issued tokens and codes
        MemoryTokenStore tokenStore = new MemoryTokenStore();

        Provider provider = Provider.builder()
                .issuer("http://localhost:8080")
                .accessTokenStore(tokenStore)
                .authCodeStore(tokenStore)
                .clientStore(clientStore)
                .siteAdapter(new ExampleSiteAdapter())
                .build();

        // Add the grants you want to support
        provider.addGrant(new AuthorizationCodeGrant());
        provider.addGrant(new ImplicitGrant());
        // Refresh tokens, and access tokens issued with them that live 30 days (the seed's meaning)
        provider.addGrant(new RefreshToken(2592000));
        return provider;
    }
    // example:end

    @Test
    @DisplayName("the README's example runs the authorization code flow with a refresh token")
    void exampleWorks() {
        Provider provider = createProvider();
        String query = "response_type=code&client_id=abc&state=s";
        Response page = provider.dispatch(Request.builder("GET", "/authorize").rawQuery(query).build(), Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("confirmation_form");
        Response redirect = provider.dispatch(Request.builder("POST", "/authorize").rawQuery(query)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("confirm=1".getBytes(StandardCharsets.UTF_8)).build(), Map.of());
        assertThat(redirect.status()).isEqualTo(302);
        String code = Wire.query(redirect.header("Location")).get("code");
        Response tokens = provider.dispatch(Request.builder("POST", "/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(("grant_type=authorization_code&code=" + code + "&client_id=abc&client_secret=xyz")
                        .getBytes(StandardCharsets.UTF_8)).build(), Map.of());
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(JsonFields.number(tokens.body(), "expires_in")).isEqualTo(2592000L);
        assertThat(JsonFields.string(tokens.body(), "refresh_token")).isNotBlank();
    }

    @Test
    @DisplayName("README.md shows exactly the example above")
    void readmeShowsThisCode() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/oauth2kit/store/memory/ReadmeExampleTest.java"));
        String example = source.substring(source.indexOf("// example:start") + "// example:start".length(),
                source.indexOf("    // example:end"));
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(normalize(readme)).contains(normalize(example));
    }

    /** Compares code without caring about indentation. */
    private static String normalize(String s) {
        return Arrays.stream(s.split("\n")).map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining("\n"));
    }
}
