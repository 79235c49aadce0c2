package org.oauth2kit.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict {@code application/x-www-form-urlencoded} decoding (query strings and form bodies):
 * bad percent-encoding and bytes that are not UTF-8 are errors, not replacement characters, and
 * the number and length of parameters are bounded (R35). Parameters with an empty value count as
 * omitted (RFC 6749 §3.1).
 */
public final class FormParser {

    /** Thrown for input that is not a valid form encoding; the message is safe to show. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    private FormParser() {
    }

    public static Map<String, List<String>> parse(String raw, int maxParams, int maxLength) throws MalformedException {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        int count = 0;
        int start = 0;
        int len = raw.length();
        while (start <= len) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? len : amp;
            if (end > start) {
                if (++count > maxParams) {
                    throw new MalformedException("too many parameters");
                }
                int eq = raw.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = decode(raw, start, end, maxLength);
                    value = "";
                } else {
                    name = decode(raw, start, eq, maxLength);
                    value = decode(raw, eq + 1, end, maxLength);
                }
                if (!name.isEmpty() && !value.isEmpty()) {
                    out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
                }
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return Collections.unmodifiableMap(out);
    }

    /** For the SiteAdapter's convenience accessors: malformed input reads as no parameters. */
    public static Map<String, List<String>> parseLenient(String raw) {
        try {
            return parse(raw, 1000, 65536);
        } catch (MalformedException e) {
            return Map.of();
        }
    }

    /** One form-encoded component (a name or a value, e.g. of HTTP Basic credentials), decoded as strictly. */
    public static String decodeComponent(String s, int maxLength) throws MalformedException {
        return decode(s, 0, s.length(), maxLength);
    }

    static String decode(String s, int from, int to, int maxLength) throws MalformedException {
        if (to - from > maxLength * 9 + 9) {
            // even fully percent-encoded, this cannot fit maxLength characters
            throw new MalformedException("parameter too long");
        }
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+' || c > 0x7e) {
                plain = false;
                break;
            }
        }
        String result;
        if (plain) {
            result = s.substring(from, to);
        } else {
            ByteBuffer bytes = ByteBuffer.allocate((to - from) * 3);
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c == '+') {
                    bytes.put((byte) ' ');
                } else if (c == '%') {
                    if (i + 2 >= to) {
                        throw new MalformedException("invalid percent-encoding");
                    }
                    int hi = Character.digit(s.charAt(i + 1), 16);
                    int lo = Character.digit(s.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        throw new MalformedException("invalid percent-encoding");
                    }
                    bytes.put((byte) ((hi << 4) | lo));
                    i += 2;
                } else if (c < 0x80) {
                    bytes.put((byte) c);
                } else {
                    // already-decoded characters (an adapter that hands over a decoded string)
                    int cp = s.codePointAt(i);
                    bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    if (Character.isSupplementaryCodePoint(cp)) {
                        i++;
                    }
                }
            }
            bytes.flip();
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                CharBuffer chars = decoder.decode(bytes);
                result = chars.toString();
            } catch (CharacterCodingException e) {
                throw new MalformedException("parameter is not valid UTF-8");
            }
        }
        if (result.length() > maxLength) {
            throw new MalformedException("parameter too long");
        }
        for (int i = 0; i < result.length(); i++) {
            char c = result.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                throw new MalformedException("parameter contains control characters");
            }
        }
        return result;
    }
}
