package org.oauth2kit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Client;

class ClientJsonTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a client is one JSON object: sorted sets and metadata names, null for a public client's digest")
    void format() {
        Client client = Client.builder("abc").redirectUri("https://app.example/cb").grantTypes("refresh_token",
                "authorization_code").responseTypes("code").metadata("scope", "read").metadata("client_name", "App")
                .build();
        assertThat(new String(ClientJson.write(client), StandardCharsets.UTF_8)).isEqualTo("{\"client_id\":\"abc\","
                + "\"secret_digest\":null,\"redirect_uris\":[\"https://app.example/cb\"],"
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],"
                + "\"metadata\":{\"client_name\":\"App\",\"scope\":\"read\"}}");
    }

    @Test
    @DisplayName("every string round-trips exactly: quotes, backslashes, control characters, non-ASCII, unpaired surrogates")
    void oddText() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("client_name", "Büro \"Quotes\" \\ & <tags> 😀\nnext\r\t\0\u007f line");
        metadata.put("a.b", "dotted");
        metadata.put("$where", "dollar");
        metadata.put("", "");
        metadata.put("half", "\ud83d alone \ude00");
        Client client = Client.builder("id with \"odd\" characters ✓").secret("s3cret")
                .redirectUri("http://127.0.0.1:8765/cb?a=\"b\"").metadata(metadata).build();
        byte[] json = ClientJson.write(client);
        assertThat(ClientJson.read(json)).isEqualTo(client);
        assertThat(ClientJson.read(json).metadata()).isEqualTo(metadata);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("Büro").doesNotContain("\n", "\0");
    }

    @Test
    @DisplayName("a value without metadata reads as a client without metadata; white space and unknown members are fine")
    void withoutMetadata() {
        Client read = ClientJson.read(utf8(" { \"client_id\" : \"old\", \"secret_digest\": \"d\", \"redirect_uris\": "
                + "[\"https://old.example/cb\"], \"grant_types\": [\"authorization_code\"], \"response_types\": "
                + "[\"code\"], \"note\": null } "));
        assertThat(read.metadata()).isEmpty();
        assertThat(read.secretDigest()).isEqualTo("d");
        assertThat(read.redirectUris()).containsExactly("https://old.example/cb");
    }

    @Test
    @DisplayName("a value that is not such a client is an error naming no value")
    void unreadable() {
        for (String bad : new String[] {"", "T1abc", "{\"client_id\":\"a\"}", "[1]", "{\"client_id\":42}",
            "{\"client_id\":\"a\",\"redirect_uris\":[1],\"grant_types\":[],\"response_types\":[]}",
            "{\"client_id\":\" \",\"redirect_uris\":[],\"grant_types\":[],\"response_types\":[]}",
            "{\"client_id\":\"a\",\"redirect_uris\":[],\"grant_types\":[],\"response_types\":[]} trailing",
            "{\"client_id\":\"\\uzzzz\"}", "{\"client_id\":\"unterminated"}) {
            assertThatThrownBy(() -> ClientJson.read(utf8(bad))).as(bad).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("unreadable record");
        }
    }
}
