package org.oauth2kit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.internal.FormParser;
import org.oauth2kit.web.Request;

/** The decoded parameters of one request, strict about repeats (R12) and encoding (R35). */
final class Params {
    private final Map<String, List<String>> values;

    private Params(Map<String, List<String>> values) {
        this.values = values;
    }

    static Params query(Request request, Config p) {
        String raw = request.rawQuery();
        if (raw != null) {
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                // A request target is printable ASCII (RFC 3986 §2, RFC 9112 §3.2). Servers turn raw
                // bytes beyond it into characters (ISO-8859-1 or U+FFFD), which would hide bytes
                // that are not UTF-8 from the decoder (R35).
                if (c < 0x21 || c > 0x7e) {
                    throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "the query string is not percent-encoded");
                }
            }
        }
        return new Params(parse(raw, p));
    }

    /** The body of a form POST. */
    static Params form(Request request, Config p) {
        String body;
        try {
            // Strict: a lenient decode would turn bytes that are not UTF-8 into U+FFFD and let them through (R35).
            body = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(request.body())).toString();
        } catch (CharacterCodingException e) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "the body is not valid UTF-8");
        }
        return new Params(parse(body, p));
    }

    /** Query and form together, as the authorization endpoint reads them; a name in both is repeated. */
    static Params merged(Params a, Params b) {
        if (b.values.isEmpty()) {
            return a;
        }
        Map<String, List<String>> m = new LinkedHashMap<>(a.values);
        b.values.forEach((k, v) -> m.merge(k, v, (x, y) -> {
            java.util.ArrayList<String> all = new java.util.ArrayList<>(x);
            all.addAll(y);
            return all;
        }));
        return new Params(m);
    }

    static Params empty() {
        return new Params(Map.of());
    }

    private static Map<String, List<String>> parse(String raw, Config p) {
        try {
            return FormParser.parse(raw, p.maxParameters(), p.maxParameterLength());
        } catch (FormParser.MalformedException e) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
    }

    /** Parameters that come one value each, from elsewhere than the request (RFC 9126). */
    static Params of(Map<String, String> single) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        single.forEach((k, v) -> values.put(k, List.of(v)));
        return new Params(values);
    }

    /** The first value of each name, without refusing repeats (they are refused later, where R12 says). */
    Map<String, String> firstValues() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.get(0)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** One value per name (the first); call after {@link #requireNoRepeats()}. */
    Map<String, String> single() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.get(0)));
        return out;
    }

    /** The value, null when absent; a repeated parameter is {@code invalid_request} (R12). */
    String get(String name) {
        List<String> v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v.size() > 1) {
            throw repeated(name);
        }
        return v.get(0);
    }

    /** The value, {@code invalid_request} when absent. */
    String require(String name) {
        String v = get(name);
        if (v == null) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "missing parameter: " + name);
        }
        return v;
    }

    /** The first value even when repeated; for deciding where an error may go. */
    String first(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean isRepeated(String name) {
        List<String> v = values.get(name);
        return v != null && v.size() > 1;
    }

    /** Every value of a parameter that may repeat (RFC 8707's {@code resource}); empty when absent. */
    List<String> all(String name) {
        List<String> v = values.get(name);
        return v == null ? List.of() : v;
    }

    /** {@link #requireNoRepeats()}, except for {@code resource}, which RFC 8707 §2 lets repeat. */
    void requireNoRepeatsButResource() {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().size() > 1 && !e.getKey().equals("resource")) {
                throw repeated(e.getKey());
            }
        }
    }

    /** {@code invalid_request} when any parameter appears more than once (R12). */
    void requireNoRepeats() {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().size() > 1) {
                throw repeated(e.getKey());
            }
        }
    }

    private static OAuthInvalidError repeated(String name) {
        return new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "parameter repeated: " + Text.paramName(name));
    }
}
