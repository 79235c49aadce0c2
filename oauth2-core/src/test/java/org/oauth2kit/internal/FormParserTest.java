package org.oauth2kit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormParserTest {

    @Test
    @DisplayName("decodes pairs, plus signs and percent-escapes, in order, keeping repeats")
    void decodes() throws Exception {
        Map<String, List<String>> m = FormParser.parse("a=1&b=x+y&c=%C3%A9%2B&a=2", 10, 100);
        assertThat(m).containsExactly(Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("x y")),
                Map.entry("c", List.of("é+")));
    }

    @Test
    @DisplayName("R12 empty values and empty pairs count as omitted (RFC 6749 §3.1)")
    void empty() throws Exception {
        assertThat(FormParser.parse("a=&&b&c=3&", 10, 100)).containsOnlyKeys("c");
        assertThat(FormParser.parse(null, 10, 100)).isEmpty();
        assertThat(FormParser.parse("", 10, 100)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%4", "a=%zz", "a=%C3%28", "a=%FF", "a=%ED%A0%80", "a=%00", "a=%1F", "%=1"})
    @DisplayName("R35 malformed percent-encoding, bytes that are not UTF-8 and control characters are refused")
    void malformed(String raw) {
        assertThatThrownBy(() -> FormParser.parse(raw, 10, 100)).isInstanceOf(FormParser.MalformedException.class);
    }

    @Test
    @DisplayName("R35 too many parameters and too long values are refused")
    void limits() {
        assertThatThrownBy(() -> FormParser.parse("a=1&b=2&c=3", 2, 100)).hasMessageContaining("too many");
        assertThatThrownBy(() -> FormParser.parse("a=" + "x".repeat(101), 10, 100)).hasMessageContaining("too long");
        assertThatThrownBy(() -> FormParser.parse("a=" + "%41".repeat(101), 10, 100)).hasMessageContaining("too long");
    }

    @Test
    @DisplayName("the lenient form reads malformed input as no parameters")
    void lenient() {
        assertThat(FormParser.parseLenient("a=%zz")).isEmpty();
        assertThat(FormParser.parseLenient("a=1")).containsEntry("a", List.of("1"));
    }
}
