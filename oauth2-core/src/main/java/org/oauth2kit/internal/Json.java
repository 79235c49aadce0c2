package org.oauth2kit.internal;

import java.util.Collection;

/**
 * Writes the flat JSON objects the endpoints answer with: string, number, boolean and
 * string-array members. Every string is fully escaped (quotes, backslash, control characters,
 * U+2028/U+2029, unpaired surrogates, and {@code < > &} so a body can never be read as markup).
 */
public final class Json {
    private final StringBuilder out = new StringBuilder(256);
    private boolean first = true;

    private Json() {
        out.append('{');
    }

    public static Json object() {
        return new Json();
    }

    public Json put(String name, String value) {
        if (value != null) {
            name(name);
            string(out, value);
        }
        return this;
    }

    public Json put(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    public Json put(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    public Json put(String name, Collection<String> values) {
        if (values != null) {
            name(name);
            out.append('[');
            boolean firstValue = true;
            for (String v : values) {
                if (!firstValue) {
                    out.append(',');
                }
                firstValue = false;
                string(out, v);
            }
            out.append(']');
        }
        return this;
    }

    /**
     * Any JSON value: a string, number, boolean, a collection (an array) or a map with string keys
     * (an object), nested as deep as needed; null leaves the member out. For claims, whose values
     * the application chooses.
     */
    public Json putValue(String name, Object value) {
        if (value != null) {
            name(name);
            value(out, value);
        }
        return this;
    }

    /** A member whose value is already JSON (e.g. an array of objects built elsewhere). */
    public Json putRaw(String name, String json) {
        name(name);
        out.append(json);
        return this;
    }

    /** Appends any JSON value; see {@link #putValue}. */
    public static void value(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            sb.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            sb.append(n);
        } else if (value instanceof java.util.Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                value(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Collection<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object v : list) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                value(sb, v);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    @Override
    public String toString() {
        return out + "}";
    }

    private void name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        string(out, name);
        out.append(':');
    }

    /** Appends {@code value} as a quoted JSON string. */
    public static void string(StringBuilder sb, String value) {
        sb.append('"');
        int len = value.length();
        // Tokens, names and URIs need no escape: they go in with one copy, not a char at a time
        int plain = 0;
        while (plain < len && isPlain(value.charAt(plain))) {
            plain++;
        }
        sb.append(value, 0, plain);
        for (int i = plain; i < len; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(sb, c);
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        unicode(sb, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < len && Character.isLowSurrogate(value.charAt(i + 1))) {
                            sb.append(c).append(value.charAt(++i));
                        } else {
                            unicode(sb, c);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        unicode(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Printable ASCII that goes into a JSON string as it is: what {@link #string} escapes is not. */
    private static final boolean[] PLAIN = new boolean[128];

    static {
        for (char c = 0x20; c < 0x7f; c++) {
            PLAIN[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
        }
    }

    private static boolean isPlain(char c) {
        return c < 128 && PLAIN[c];
    }

    private static void unicode(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
