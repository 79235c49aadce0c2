package org.oauth2kit.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two JSON shapes the tables hold in text columns: an array of strings (scopes, redirect URIs,
 * grant types) and an object of strings (the SiteAdapter's user data, whose keys may be anything).
 * JSON rather than a separator, because no character is guaranteed to be absent from the values;
 * and readable by the database's own JSON functions ({@code user_data::jsonb} in PostgreSQL).
 */
final class Json {
    private Json() {
    }

    static String array(Collection<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, v);
        }
        return out.append(']').toString();
    }

    /** Keys in sorted order, so equal maps give equal text. */
    static String object(Map<String, String> values) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, e.getKey());
            out.append(':');
            string(out, e.getValue());
        }
        return out.append('}').toString();
    }

    static List<String> parseArray(String text) {
        Parser p = new Parser(text);
        List<String> values = new ArrayList<>();
        p.expect('[');
        if (!p.consume(']')) {
            do {
                values.add(p.string());
            } while (p.consume(','));
            p.expect(']');
        }
        p.end();
        return values;
    }

    static Map<String, String> parseObject(String text) {
        Parser p = new Parser(text);
        Map<String, String> values = new LinkedHashMap<>();
        p.expect('{');
        if (!p.consume('}')) {
            do {
                String key = p.string();
                p.expect(':');
                values.put(key, p.string());
            } while (p.consume(','));
            p.expect('}');
        }
        p.end();
        return values;
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        void expect(char c) {
            if (!consume(c)) {
                throw malformed("'" + c + "' expected");
            }
        }

        boolean consume(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void end() {
            skipSpace();
            if (pos != text.length()) {
                throw malformed("trailing characters");
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw malformed("short \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw malformed("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw malformed("bad escape");
                }
            }
            throw malformed("unterminated string");
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        /** Says where, never what: the text may be user data. */
        private IllegalStateException malformed(String why) {
            return new IllegalStateException("malformed JSON in a stored column at offset " + pos + ": " + why);
        }
    }
}
