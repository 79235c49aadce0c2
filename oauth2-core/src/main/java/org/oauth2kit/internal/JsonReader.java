package org.oauth2kit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON (RFC 8259) into maps, lists, strings, numbers ({@code Long} or {@code Double}),
 * booleans and null: what the core must read (JWT claims, JWKs). Strict: trailing data, duplicate
 * members, bad escapes and nesting deeper than 32 levels are errors ({@link IllegalArgumentException}).
 */
public final class JsonReader {
    private static final int MAX_DEPTH = 32;

    private final String in;
    private int at;

    private JsonReader(String in) {
        this.in = in;
    }

    /** The object {@code json} holds. */
    public static Map<String, Object> object(String json) {
        JsonReader r = new JsonReader(json);
        r.space();
        if (r.peek() != '{') {
            throw new IllegalArgumentException("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) r.value(0);
        r.space();
        if (r.at != json.length()) {
            throw new IllegalArgumentException("data after the JSON value");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nested too deeply");
        }
        space();
        char c = peek();
        switch (c) {
            case '{' -> {
                at++;
                Map<String, Object> map = new LinkedHashMap<>();
                space();
                if (peek() == '}') {
                    at++;
                    return map;
                }
                while (true) {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    if (map.containsKey(key)) {
                        throw new IllegalArgumentException("duplicate member: " + key);
                    }
                    map.put(key, value(depth + 1));
                    space();
                    if (peek() == ',') {
                        at++;
                    } else {
                        expect('}');
                        return map;
                    }
                }
            }
            case '[' -> {
                at++;
                List<Object> list = new ArrayList<>();
                space();
                if (peek() == ']') {
                    at++;
                    return list;
                }
                while (true) {
                    list.add(value(depth + 1));
                    space();
                    if (peek() == ',') {
                        at++;
                    } else {
                        expect(']');
                        return list;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return null;
            }
            default -> {
                return number();
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (at >= in.length()) {
                throw new IllegalArgumentException("unterminated string");
            }
            char c = in.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= in.length()) {
                throw new IllegalArgumentException("unterminated escape");
            }
            char e = in.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (at + 4 > in.length()) {
                        throw new IllegalArgumentException("bad \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(in.substring(at, at + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw new IllegalArgumentException("bad escape: \\" + e);
            }
        }
    }

    private Object number() {
        int start = at;
        while (at < in.length() && "+-0123456789.eE".indexOf(in.charAt(at)) >= 0) {
            at++;
        }
        String text = in.substring(start, at);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("unexpected character at " + start);
        }
        try {
            if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
                return Long.parseLong(text);
            }
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number: " + text);
        }
    }

    private void literal(String word) {
        if (!in.startsWith(word, at)) {
            throw new IllegalArgumentException("unexpected character at " + at);
        }
        at += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at);
        }
        at++;
    }

    private char peek() {
        if (at >= in.length()) {
            throw new IllegalArgumentException("unexpected end of JSON");
        }
        return in.charAt(at);
    }

    private void space() {
        while (at < in.length() && " \t\r\n".indexOf(in.charAt(at)) >= 0) {
            at++;
        }
    }
}
