package org.oauth2kit.endpoint;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fields as one string, for the value of an {@link org.oauth2kit.store.EphemeralStore} record:
 * {@code application/x-www-form-urlencoded}, so any text survives and every store keeps it as
 * plain ASCII.
 */
public final class FormRecord {
    private FormRecord() {
    }

    public static String encode(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    /** The fields of {@link #encode}'s output, in their order. */
    public static Map<String, String> decode(String record) {
        Map<String, String> out = new LinkedHashMap<>();
        if (record.isEmpty()) {
            return out;
        }
        for (String pair : record.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("not a form record");
            }
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
