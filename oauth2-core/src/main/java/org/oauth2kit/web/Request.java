package org.oauth2kit.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.oauth2kit.internal.FormParser;
import org.jspecify.annotations.Nullable;

/**
 * A framework-neutral HTTP request: what an adapter hands to
 * {@link org.oauth2kit.Provider#dispatch(Request, Map)}.
 *
 * <p>An adapter supplies the raw parts (method, path below the mount point, the undecoded query
 * string, headers, body bytes) and nothing else: decoding, duplicate detection and size checks
 * happen once, in the core, so every framework behaves the same on bad input.
 *
 * <p>Immutable and thread-safe. Header names are case-insensitive.
 */
public final class Request {
    private final String method;
    private final String path;
    private final @Nullable String rawQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final boolean bodyTooLarge;
    private final boolean bodyUnreadable;
    private volatile @Nullable Map<String, List<String>> query;
    private volatile @Nullable Map<String, List<String>> form;

    private Request(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.rawQuery = b.rawQuery;
        // The builder's map is taken over, not copied: the builder copies it before it changes it
        // again, and a value list it could still grow is swapped for an immutable one here.
        for (Map.Entry<String, List<String>> e : b.headers.entrySet()) {
            if (e.getValue() instanceof ArrayList) {
                e.setValue(List.copyOf(e.getValue()));
            }
        }
        b.headersTaken = true;
        this.headers = Collections.unmodifiableMap(b.headers);
        this.body = b.body;
        this.bodyTooLarge = b.bodyTooLarge;
        this.bodyUnreadable = b.bodyUnreadable;
    }

    /**
     * @param method the HTTP method, e.g. {@code POST}
     * @param path   the path below the adapter's mount point, starting with {@code /}
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** The HTTP method in upper case. */
    public String method() {
        return method;
    }

    /** The path below the adapter's mount point, e.g. {@code /token}. */
    public String path() {
        return path;
    }

    /** The query string as received, without {@code ?}, still percent-encoded; may be null. */
    public @Nullable String rawQuery() {
        return rawQuery;
    }

    /**
     * The first value of a header, or null. Names are case-insensitive; one given in lower case is
     * looked up as it is, without a lower-case copy (the library's own lookups on every request).
     */
    public @Nullable String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a header, in order; empty when absent. Names as for {@link #header}. */
    public List<String> headers(String name) {
        List<String> values = headers.get(name);
        if (values == null) {
            // toLowerCase(Locale.ROOT) checks the locale's language before it looks at a character:
            // only names not found as given pay for it
            String lower = name.toLowerCase(Locale.ROOT);
            values = lower.equals(name) ? null : headers.get(lower);
        }
        return values == null ? List.of() : values;
    }

    /** Header names (lower case) to values. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The media type of the body without parameters, lower case; null when absent. */
    public @Nullable String contentType() {
        String value = header("content-type");
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The raw body; empty when there is none. The array is a copy. */
    public byte[] body() {
        return body.clone();
    }

    /** Internal access without a copy. */
    byte[] bodyUnsafe() {
        return body;
    }

    /** True when the adapter stopped reading because the body exceeded its limit. */
    public boolean bodyTooLarge() {
        return bodyTooLarge;
    }

    /** True when the adapter could not read the body at all (e.g. a malformed chunked encoding). */
    public boolean bodyUnreadable() {
        return bodyUnreadable;
    }

    /**
     * A query-string parameter, as in the seed's {@code get_param}. Lenient: a malformed query
     * yields null here; the Provider itself rejects malformed input with an OAuth error.
     */
    public @Nullable String getParam(String name) {
        return getParam(name, null);
    }

    public @Nullable String getParam(String name, @Nullable String defaultValue) {
        Map<String, List<String>> q = query;
        if (q == null) {
            q = query = FormParser.parseLenient(rawQuery);
        }
        List<String> values = q.get(name);
        return values == null || values.isEmpty() ? defaultValue : values.get(0);
    }

    /**
     * A parameter of an {@code application/x-www-form-urlencoded} body, as in the seed's
     * {@code post_param}; null when absent or when the body is not a form.
     */
    public @Nullable String postParam(String name) {
        return postParam(name, null);
    }

    public @Nullable String postParam(String name, @Nullable String defaultValue) {
        Map<String, List<String>> f = form;
        if (f == null) {
            f = form = "application/x-www-form-urlencoded".equals(contentType())
                    ? FormParser.parseLenient(new String(body, StandardCharsets.UTF_8))
                    : Map.of();
        }
        List<String> values = f.get(name);
        return values == null || values.isEmpty() ? defaultValue : values.get(0);
    }

    /**
     * This request without any value of the parameter {@code name}, in the query string and in a
     * form body alike; everything else is kept byte for byte. The Provider uses it so that the
     * SiteAdapter at the authorization endpoint never sees {@code grant_type} (R38).
     */
    public Request withoutParameter(String name) {
        String query = withoutPair(rawQuery, name);
        boolean isForm = "application/x-www-form-urlencoded".equals(contentType());
        // ISO-8859-1 maps every byte to one char and back, so bytes that are not UTF-8 survive.
        String formBody = isForm ? withoutPair(new String(body, StandardCharsets.ISO_8859_1), name) : null;
        if (Objects.equals(query, rawQuery) && (!isForm || formBody.length() == body.length)) {
            return this;
        }
        Builder b = new Builder(method, path).rawQuery(query);
        headers.forEach((k, values) -> values.forEach(v -> b.header(k, v)));
        b.body = isForm ? formBody.getBytes(StandardCharsets.ISO_8859_1) : body;
        b.bodyTooLarge = bodyTooLarge;
        b.bodyUnreadable = bodyUnreadable;
        return b.build();
    }

    private static String decodedName(String rawName) {
        try {
            return FormParser.decodeComponent(rawName, 65536);
        } catch (FormParser.MalformedException e) {
            return rawName;
        }
    }

    private static @Nullable String withoutPair(@Nullable String raw, String name) {
        if (raw == null || raw.isEmpty()) {
            return raw;
        }
        StringBuilder kept = new StringBuilder(raw.length());
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals(decodedName(rawName))) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append('&');
            }
            kept.append(pair);
        }
        return kept.toString();
    }

    /** Builds a {@link Request}; not thread-safe. */
    public static final class Builder {
        private static final byte[] EMPTY = new byte[0];
        private final String method;
        private final String path;
        private @Nullable String rawQuery;
        private Map<String, List<String>> headers = new LinkedHashMap<>();
        private boolean headersTaken;
        private byte[] body = EMPTY;
        private boolean bodyTooLarge;
        private boolean bodyUnreadable;

        private Builder(String method, String path) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            String p = path == null || path.isEmpty() ? "/" : path;
            this.path = p.startsWith("/") ? p : "/" + p;
        }

        /** The undecoded query string (without {@code ?}); null or empty when there is none. */
        public Builder rawQuery(@Nullable String rawQuery) {
            this.rawQuery = rawQuery == null || rawQuery.isEmpty() ? null : rawQuery;
            return this;
        }

        /** Adds one header value; call repeatedly for repeated headers. */
        public Builder header(@Nullable String name, @Nullable String value) {
            if (name != null && value != null) {
                if (headersTaken) {
                    headers = new LinkedHashMap<>(headers);
                    headersTaken = false;
                }
                String key = name.toLowerCase(Locale.ROOT);
                List<String> values = headers.get(key);
                if (values == null) {
                    headers.put(key, List.of(value)); // most headers come once: no list to copy at build
                } else if (values instanceof ArrayList<String> growing) {
                    growing.add(value);
                } else {
                    List<String> more = new ArrayList<>(values.size() + 2);
                    more.addAll(values);
                    more.add(value);
                    headers.put(key, more);
                }
            }
            return this;
        }

        public Builder body(byte @Nullable [] body) {
            this.body = body == null ? EMPTY : body.clone();
            return this;
        }

        /**
         * Reads the body, but never more than {@code maxBytes}: a larger body is cut off and
         * flagged, and the Provider answers 413 without looking at it. Pass
         * {@code provider.maxBodyBytes()}.
         */
        public Builder body(@Nullable InputStream in, int maxBytes) throws IOException {
            return body(in, -1, maxBytes);
        }

        /**
         * As {@link #body(InputStream, int)}, for a body whose length the request declares
         * ({@code Content-Length}; -1 when it does not): a body within the limit is read into an array
         * of that length and the stream is not asked once more for its end, which the server has
         * framed already. A stream that ends short of the declared length makes the body
         * unreadable; one that gives nothing at all, empty.
         */
        public Builder body(@Nullable InputStream in, long declaredLength, int maxBytes) throws IOException {
            if (in != null && declaredLength >= 0 && declaredLength <= maxBytes) {
                return declaredBody(in, (int) declaredLength);
            }
            if (in == null) {
                this.body = EMPTY;
                return this;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 1024));
            byte[] buffer = new byte[4096];
            int total = 0;
            int n;
            try {
                while ((n = in.read(buffer, 0, Math.min(buffer.length, maxBytes + 1 - total))) > 0) {
                    out.write(buffer, 0, n);
                    total += n;
                    if (total > maxBytes) {
                        this.bodyTooLarge = true;
                        this.body = EMPTY;
                        drain(in, (long) maxBytes * DRAIN_FACTOR, buffer);
                        return this;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // A body the server cannot decode (a malformed chunk: Jetty throws its
                // BadMessageException, a RuntimeException) is the client's fault: the Provider
                // answers 400 invalid_request instead of letting the framework answer 500 (R46).
                return bodyUnreadable();
            }
            this.body = out.toByteArray();
            return this;
        }

        private Builder declaredBody(InputStream in, int length) {
            byte[] read = new byte[length];
            int total = 0;
            try {
                while (total < length) {
                    int n = in.read(read, total, length - total);
                    if (n < 0) {
                        // Nothing at all: the stream was read before the adapter got it (a servlet
                        // filter that parsed the form), as the undeclared path would find it.
                        // Part of it: cut short, the body cannot be trusted.
                        return total == 0 ? body((byte[]) null) : bodyUnreadable();
                    }
                    total += n;
                }
            } catch (IOException | RuntimeException e) {
                return bodyUnreadable(); // as in body(InputStream, int): the client's fault, 400 (R46)
            }
            this.body = length == 0 ? EMPTY : read;
            return this;
        }

        /**
         * Marks the body as unreadable: the framework could not decode it (e.g. a malformed chunked
         * encoding). The Provider answers {@code 400 invalid_request} without looking further.
         */
        public Builder bodyUnreadable() {
            this.bodyUnreadable = true;
            this.body = EMPTY;
            return this;
        }

        // A server that closes a connection with unread request bytes makes the kernel send a reset,
        // which can destroy the 413 on its way to the client. Reading (and dropping) a bounded
        // amount more lets the answer arrive; a body larger still is cut off all the same.
        private static final int DRAIN_FACTOR = 4;

        private static void drain(InputStream in, long limit, byte[] buffer) {
            long drained = 0;
            int n;
            try {
                while (drained < limit
                        && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - drained))) > 0) {
                    drained += n;
                }
            } catch (IOException | RuntimeException e) {
                // the client went away or sent garbage past the limit: the answer is 413 all the same
            }
        }

        /** Marks the body as larger than the adapter's limit (for frameworks that check it themselves). */
        public Builder bodyTooLarge() {
            this.bodyTooLarge = true;
            this.body = EMPTY;
            return this;
        }

        public Request build() {
            return new Request(this);
        }
    }
}
