package org.oauth2kit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    @DisplayName("writes strings, numbers, booleans and string arrays in order; null strings are left out")
    void members() {
        String json = Json.object().put("a", "x").put("n", 42L).put("t", true).put("f", false)
                .put("arr", List.of("p", "q")).put("empty", List.of()).put("skip", (String) null).toString();
        assertThat(json).isEqualTo("{\"a\":\"x\",\"n\":42,\"t\":true,\"f\":false,\"arr\":[\"p\",\"q\"],\"empty\":[]}");
        assertThat(Json.object().toString()).isEqualTo("{}");
    }

    @Test
    @DisplayName("escapes quotes, backslashes and every control character")
    void escaping() {
        assertThat(Json.object().put("k", "a\"b\\c\n\r\t\b\f\u0001\u001f\u007f").toString())
                .isEqualTo("{\"k\":\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\"}");
    }

    @Test
    @DisplayName("escapes markup characters and the JavaScript line separators")
    void markupAndSeparators() {
        assertThat(Json.object().put("k", "</script>&\u2028\u2029").toString())
                .isEqualTo("{\"k\":\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\"}");
    }

    @Test
    @DisplayName("keeps surrogate pairs and escapes unpaired surrogates, so the output is always valid UTF-8")
    void surrogates() {
        assertThat(Json.object().put("k", "😀").toString()).isEqualTo("{\"k\":\"😀\"}");
        assertThat(Json.object().put("k", "a\ud800b\udc00").toString()).isEqualTo("{\"k\":\"a\\ud800b\\udc00\"}");
        assertThat(Json.object().put("k", "\ud83d").toString()).isEqualTo("{\"k\":\"\\ud83d\"}");
    }

    @Test
    @DisplayName("escapes member names too, and non-ASCII text passes through")
    void names() {
        assertThat(Json.object().put("na\"me", "héllo wörld").toString()).isEqualTo("{\"na\\\"me\":\"héllo wörld\"}");
    }

    @Test
    @DisplayName("every ASCII character is escaped the same wherever it stands: first, inside a plain run, or after an escape")
    void everyAsciiCharacterAnywhere() {
        for (char c = 0; c < 128; c++) {
            String expected = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&'
                        ? String.format("\\u%04x", (int) c) : String.valueOf(c);
            };
            for (String[] around : new String[][] {{"", ""}, {"token_", "-x"}, {"\"", "z"}}) {
                StringBuilder sb = new StringBuilder();
                Json.string(sb, around[0] + c + around[1]);
                String before = around[0].equals("\"") ? "\\\"" : around[0];
                assertThat(sb.toString()).as("char %d", (int) c).isEqualTo("\"" + before + expected + around[1] + "\"");
            }
        }
    }
}
