package org.oauth2kit.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.oauth2kit.Client;

/**
 * A client as the JSON object {@link RedisClientStore} keeps at its key:
 * <pre>{@code
 * {"client_id":"abc","secret_digest":"…","redirect_uris":["https://app.example/cb"],
 *  "grant_types":["authorization_code"],"response_types":["code"],"metadata":{"client_name":"…"}}
 * }</pre>
 * JSON rather than the length-prefixed {@link Records} of tokens: a client is read rarely and
 * written by hand or by registration, and JSON is what an operator expects to find with
 * {@code redis-cli GET}. {@code secret_digest} is null for a public client; a missing
 * {@code metadata} reads as none. Sets and metadata names are written sorted, so equal clients give
 * equal text. Every string round-trips exactly: UTF-16 surrogates are written as JSON's
 * four-hex-digit escapes, so even an unpaired one survives the UTF-8 value.
 */
final class ClientJson {
    private ClientJson() {
    }

    static byte[] write(Client client) {
        StringBuilder out = new StringBuilder(256).append('{');
        member(out, "client_id").append(string(client.clientId())).append(',');
        member(out, "secret_digest").append(client.secretDigest() == null ? "null" : string(client.secretDigest()))
                .append(',');
        member(out, "redirect_uris").append(array(client.redirectUris())).append(',');
        member(out, "grant_types").append(array(new TreeSet<>(client.grantTypes()))).append(',');
        member(out, "response_types").append(array(new TreeSet<>(client.responseTypes()))).append(',');
        member(out, "metadata").append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(client.metadata()).entrySet()) {
            out.append(first ? "" : ",").append(string(e.getKey())).append(':').append(string(e.getValue()));
            first = false;
        }
        return out.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The client in {@code value}.
     *
     * @throws IllegalStateException when the value is not such an object: another application's
     *                               value under the prefix, never taken as "no client"
     */
    static Client read(byte[] value) {
        Map<String, Object> members = new Parser(new String(value, StandardCharsets.UTF_8)).object();
        try {
            return Client.builder(required(members, "client_id", String.class))
                    .secretDigest(optional(members, "secret_digest", String.class))
                    .redirectUris(strings(required(members, "redirect_uris", List.class)))
                    .grantTypes(new LinkedHashSet<>(strings(required(members, "grant_types", List.class))))
                    .responseTypes(new LinkedHashSet<>(strings(required(members, "response_types", List.class))))
                    .metadata(metadata(optional(members, "metadata", Map.class)))
                    .build();
        } catch (IllegalArgumentException e) {
            throw Records.unreadable("not a client: " + e.getMessage());
        }
    }

    private static <T> T required(Map<String, Object> members, String name, Class<T> type) {
        T value = optional(members, name, type);
        if (value == null) {
            throw Records.unreadable("a client without " + name);
        }
        return value;
    }

    private static <T> T optional(Map<String, Object> members, String name, Class<T> type) {
        Object value = members.get(name);
        if (value != null && !type.isInstance(value)) {
            throw Records.unreadable("a client's " + name + " of the wrong kind");
        }
        return type.cast(value);
    }

    private static List<String> strings(List<?> values) {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            if (!(v instanceof String s)) {
                throw Records.unreadable("a list holding something else than strings");
            }
            out.add(s);
        }
        return out;
    }

    private static Map<String, String> metadata(Map<?, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> {
                if (!(v instanceof String s)) {
                    throw Records.unreadable("metadata holding something else than strings");
                }
                out.put((String) k, s);
            });
        }
        return out;
    }

    private static StringBuilder member(StringBuilder out, String name) {
        return out.append('"').append(name).append("\":");
    }

    private static String array(Collection<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            out.append(out.length() > 1 ? "," : "").append(string(v));
        }
        return out.append(']').toString();
    }

    private static String string(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * Reads the one shape {@link #write} produces: an object whose members are strings, null,
     * arrays of strings or objects of strings. Nothing deeper, no numbers: a value that needs
     * more was not written by this store.
     */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Map<String, Object> object() {
            Map<String, Object> members = new LinkedHashMap<>();
            expect('{');
            if (!consume('}')) {
                do {
                    String name = string();
                    expect(':');
                    members.put(name, value());
                } while (consume(','));
                expect('}');
            }
            skipSpace();
            if (pos != text.length()) {
                throw malformed("trailing characters");
            }
            return members;
        }

        private Object value() {
            skipSpace();
            if (text.startsWith("null", pos)) {
                pos += 4;
                return null;
            }
            if (consume('[')) {
                List<String> values = new ArrayList<>();
                if (!consume(']')) {
                    do {
                        values.add(string());
                    } while (consume(','));
                    expect(']');
                }
                return values;
            }
            if (consume('{')) {
                Map<String, String> values = new LinkedHashMap<>();
                if (!consume('}')) {
                    do {
                        String name = string();
                        expect(':');
                        values.put(name, string());
                    } while (consume(','));
                    expect('}');
                }
                return values;
            }
            return string();
        }

        private String string() {
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
                            throw malformed("a short \\u escape");
                        }
                        try {
                            out.append((char) HexFormat.fromHexDigits(text, pos, pos + 4));
                        } catch (IllegalArgumentException bad) {
                            throw malformed("a bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw malformed("a bad escape");
                }
            }
            throw malformed("an unterminated string");
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw malformed("'" + c + "' expected");
            }
        }

        private boolean consume(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        /** Says where, never what: the value may hold a digest or metadata. */
        private IllegalStateException malformed(String why) {
            return Records.unreadable("a client that is not the expected JSON at offset " + pos + ": " + why);
        }
    }
}
