package org.oauth2kit.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the parameters of a redirect {@code Location}, from its query or its fragment. */
public final class Wire {
    private Wire() {
    }

    /** Parameters of the query part (before any fragment). */
    public static Map<String, String> query(String location) {
        int q = location.indexOf('?');
        if (q < 0) {
            return Map.of();
        }
        int hash = location.indexOf('#');
        return decode(hash < 0 ? location.substring(q + 1) : location.substring(q + 1, hash));
    }

    /** Parameters of the fragment. */
    public static Map<String, String> fragment(String location) {
        int hash = location.indexOf('#');
        return hash < 0 ? Map.of() : decode(location.substring(hash + 1));
    }

    /** The URI without query and fragment. */
    public static String target(String location) {
        int cut = location.length();
        for (char c : new char[] {'?', '#'}) {
            int i = location.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return location.substring(0, cut);
    }

    /**
     * Every {@code name=value} pair of a raw query or fragment, decoded, in order, repeats and
     * empty pairs included: for checks that nothing is sent twice, which {@link #query} and
     * {@link #fragment} cannot see.
     */
    public static List<Map.Entry<String, String>> pairs(String raw) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String pair : raw.split("&")) {
            out.add(pair(pair));
        }
        return out;
    }

    private static Map<String, String> decode(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : s.split("&")) {
            if (!pair.isEmpty()) {
                Map.Entry<String, String> e = pair(pair);
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static Map.Entry<String, String> pair(String pair) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        return Map.entry(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
}
