package org.oauth2kit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The JSON kept in text columns. */
class JsonTest {

    @Test
    @DisplayName("string arrays and objects round-trip, whatever characters they hold")
    void roundTrip() {
        List<String> list = List.of("", "plain", "\"quoted\"", "back\\slash", "line\nbreak\ttab", "\u0000\u001f",
                "ünïcödé 😀", "/slash");
        assertThat(Json.parseArray(Json.array(list))).isEqualTo(list);
        assertThat(Json.parseArray(Json.array(List.of()))).isEmpty();

        Map<String, String> map = new LinkedHashMap<>();
        map.put("sub", "alice");
        map.put("$weird.key", "\"v\"\\");
        map.put("", "");
        assertThat(Json.parseObject(Json.object(map))).isEqualTo(map);
        assertThat(Json.parseObject(Json.object(Map.of()))).isEmpty();
    }

    @Test
    @DisplayName("objects are written with sorted keys, as valid JSON other tools can read")
    void canonicalText() {
        assertThat(Json.object(Map.of("b", "2", "a", "1"))).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(Json.array(List.of("x", "y\""))).isEqualTo("[\"x\",\"y\\\"\"]");
        assertThat(Json.array(List.of("\u0001"))).isEqualTo("[\"\\u0001\"]");
        assertThat(Json.parseArray(" [ \"a\" , \"\\u00e9\\/\" ] ")).containsExactly("a", "é/");
    }

    @Test
    @DisplayName("malformed text is refused without quoting it")
    void malformed() {
        for (String bad : List.of("", "[", "[\"a\"", "[\"a\",]", "{\"a\"}", "{\"a\":1}", "[\"\\x\"]", "[\"a\"] x",
                "[\"\\u12\"]")) {
            assertThatThrownBy(() -> {
                if (bad.startsWith("{")) {
                    Json.parseObject(bad);
                } else {
                    Json.parseArray(bad);
                }
            }).as(bad).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("malformed JSON");
        }
    }
}
