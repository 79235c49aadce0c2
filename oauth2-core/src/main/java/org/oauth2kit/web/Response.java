package org.oauth2kit.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A framework-neutral HTTP response: status, headers and a text body. Immutable; the
 * {@code with...} methods return changed copies. An adapter copies all three onto its
 * framework's response, every header value in order.
 */
public final class Response {
    // Every JSON and HTML response carries these headers: one shared immutable map each, instead
    // of the three copies that building them with withHeader made on every token request.
    private static final Map<String, List<String>> JSON_NO_STORE = noStore("application/json;charset=UTF-8");
    private static final Map<String, List<String>> HTML_NO_STORE = page(noStore("text/html;charset=UTF-8"));

    private final int status;
    private final Map<String, List<String>> headers;
    private final String body;

    private Response(int status, Map<String, List<String>> headers, String body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public static Response of(int status, String contentType, @Nullable String body) {
        return new Response(status, Map.of(), "").withHeader("Content-Type", contentType).withBody(body);
    }

    /** A JSON response that must not be cached (RFC 6749 §5.1). */
    public static Response json(int status, @Nullable String json) {
        return new Response(status, JSON_NO_STORE, json == null ? "" : json);
    }

    /**
     * An HTML page that must not be cached (login and consent pages hold per-request state) and
     * must not be framed: a page of another site could otherwise overlay the consent page and
     * steer a click onto "Allow" (RFC 6749 §10.13, R44). An application that needs to frame its
     * own pages relaxes {@code Content-Security-Policy} and {@code X-Frame-Options} with
     * {@link #withHeader} or {@link #withoutHeader}.
     */
    public static Response html(int status, @Nullable String html) {
        return new Response(status, HTML_NO_STORE, html == null ? "" : html);
    }

    /** A 302 redirect to {@code location}. */
    public static Response redirect(String location) {
        return new Response(302, Map.of(), "")
                .withHeader("Location", location)
                .withHeader("Cache-Control", "no-store")
                .withHeader("Pragma", "no-cache");
    }

    private static Map<String, List<String>> page(Map<String, List<String>> base) {
        Map<String, List<String>> headers = new LinkedHashMap<>(base);
        headers.put("Content-Security-Policy", List.of("frame-ancestors 'none'"));
        headers.put("X-Frame-Options", List.of("DENY"));
        headers.put("X-Content-Type-Options", List.of("nosniff"));
        // The page's URL holds the authorization request: no other site may see it as a referrer.
        // Not "no-referrer": with it, browsers send "Origin: null" on the page's own form posts,
        // which frameworks guarding against cross-origin requests (Micronaut) refuse.
        headers.put("Referrer-Policy", List.of("same-origin"));
        return Collections.unmodifiableMap(headers);
    }

    private static Map<String, List<String>> noStore(String contentType) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of(contentType));
        headers.put("Cache-Control", List.of("no-store"));
        headers.put("Pragma", List.of("no-cache"));
        return Collections.unmodifiableMap(headers);
    }

    public int status() {
        return status;
    }

    /** Header names as set, to values in order. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (case-insensitive), or null. */
    public @Nullable String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    public String body() {
        return body;
    }

    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    public Response withStatus(int newStatus) {
        return new Response(newStatus, headers, body);
    }

    public Response withBody(@Nullable String newBody) {
        return new Response(status, headers, newBody == null ? "" : newBody);
    }

    /** Replaces every value of a header (case-insensitive) with one value. */
    public Response withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase(name)) {
                copy.put(k, v);
            }
        });
        copy.put(name, List.of(value));
        return new Response(status, Collections.unmodifiableMap(copy), body);
    }

    /** Removes every value of a header (case-insensitive). */
    public Response withoutHeader(String name) {
        Objects.requireNonNull(name, "name");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase(name)) {
                copy.put(k, v);
            }
        });
        return new Response(status, Collections.unmodifiableMap(copy), body);
    }

    /** Adds a value to a header, e.g. a second {@code Set-Cookie}. */
    public Response addHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        String key = name;
        for (String k : headers.keySet()) {
            if (k.equalsIgnoreCase(name)) {
                key = k;
            }
        }
        List<String> values = new ArrayList<>(copy.getOrDefault(key, List.of()));
        values.add(value);
        copy.put(key, List.copyOf(values));
        return new Response(status, Collections.unmodifiableMap(copy), body);
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + headers.keySet() + "]";
    }
}
