package org.oauth2kit.store.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.oauth2kit.Provider;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.ContractSiteAdapter;
import org.oauth2kit.testkit.JsonFields;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** The protocol steps the tests take, as requests built by hand and sent through {@link Provider#dispatch}. */
final class Protocol {
    private Protocol() {
    }

    /** Alice signs in and consents at the authorization endpoint; returns the code from the redirect. */
    static String authorize(Provider provider, String state) {
        Response r = provider.dispatch(Request.builder("POST", provider.authorizePath())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form(Map.of("response_type", "code", "client_id", ContractFixture.CLIENT_ID,
                        "redirect_uri", ContractFixture.REDIRECT_URI, "state", state,
                        "username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD,
                        "consent", "allow")).getBytes(StandardCharsets.UTF_8))
                .build(), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        Map<String, String> query = query(URI.create(r.header("Location")).getRawQuery());
        assertThat(query).containsEntry("state", state);
        return query.get("code");
    }

    static Response redeem(Provider provider, String code) {
        return token(provider, Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", ContractFixture.REDIRECT_URI));
    }

    static Response refresh(Provider provider, String refreshToken) {
        return token(provider, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    static Response clientCredentials(Provider provider) {
        return token(provider, Map.of("grant_type", "client_credentials"));
    }

    /** A token request from client {@code abc}, authenticated by HTTP Basic. */
    static Response token(Provider provider, Map<String, String> params) {
        String basic = Base64.getEncoder().encodeToString(
                (ContractFixture.CLIENT_ID + ":" + ContractFixture.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        return provider.dispatch(Request.builder("POST", provider.tokenPath())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .body(form(params).getBytes(StandardCharsets.UTF_8))
                .build(), Map.of());
    }

    /** Status of a resource request carrying the token. */
    static int resource(Provider provider, String accessToken) {
        Request request = Request.builder("GET", "/api/me").header("Authorization", "Bearer " + accessToken).build();
        return provider.validateBearer(request, "read").rejection().map(Response::status).orElse(200);
    }

    static String field(Response r, String name) {
        return JsonFields.string(r.body(), name);
    }

    static String form(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }
}
