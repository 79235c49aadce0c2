package org.oauth2kit.examples;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP requests to a running demo, redirects not followed, cookies handled by the test. */
final class DemoHttp {
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

    private final String base;

    DemoHttp(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET(), headers);
    }

    HttpResponse<String> postForm(String pathAndQuery, String form, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded");
        return send(b, headers);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b, String... headers) throws Exception {
        b.timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String form(String... kv) {
        StringJoiner j = new StringJoiner("&");
        for (int i = 0; i < kv.length; i += 2) {
            j.add(URLEncoder.encode(kv[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return j.toString();
    }

    static String basic(String id, String secret) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code name=value} part of the demo's session cookie, from Set-Cookie; null when none was set. */
    static String sessionCookie(HttpResponse<?> r) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(DemoSessions.COOKIE + "=")) {
                return c.substring(0, c.indexOf(';'));
            }
        }
        return null;
    }

    static String csrfToken(String page) {
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("no csrf_token in page: " + page);
        }
        return m.group(1);
    }

    /** A query parameter of a redirect's Location, decoded; null when absent. */
    static String queryParam(String location, String name) {
        String query = URI.create(location).getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
