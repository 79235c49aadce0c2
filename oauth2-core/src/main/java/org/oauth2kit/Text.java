package org.oauth2kit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Small text helpers: what may be echoed, escaped and encoded. */
final class Text {
    private Text() {
    }

    /**
     * An {@code error_description} limited to the characters RFC 6749 §5.2 allows
     * (%x20-21 / %x23-5B / %x5D-7E), so no input can break out of it.
     */
    static String safe(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
        }
        return sb.toString();
    }

    /** A parameter name fit to be named in an error message, or a neutral word. */
    static String paramName(String name) {
        if (name.length() <= 40 && name.chars().allMatch(c -> c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
            return name;
        }
        return "a parameter";
    }

    /** A value inside a quoted-string of an HTTP header. */
    static String quoted(String s) {
        return safe(s);
    }

    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
