package com.example.oauth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.oauth2kit.Client;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/**
 * Sign-in and consent at the authorization endpoint; both forms post back to its URL, query included.
 * Sessions live in memory behind a cookie signed with HMAC-SHA256; each form's CSRF token belongs to one
 * session and one authorization request (that query), and the first post uses it up. A real application
 * uses its framework's session store and keeps users in a database, with passwords stored as a password
 * hash (Argon2, bcrypt).
 */
final class SignInSiteAdapter implements SiteAdapter {
    static final String USER = "alice";
    private static final Pattern COOKIE = Pattern.compile("(?:^|;)\\s*authz_session=([\\w-]+)\\.([\\w-]+)");
    private static final long SESSION_SECONDS = 30 * 60;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** 256 random bits, new at every start: a restart signs everybody out. */
    private final SecretKeySpec key = new SecretKeySpec(token().getBytes(UTF_8), "HmacSHA256");
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final String password;
    private final boolean secureCookie;

    /** A browser's session: the user once signed in (null before), and its forms' CSRF tokens with their query. */
    private record Session(String id, String user, long expires, Map<String, String> forms) {
    }

    /** @param secureCookie whether the cookie gets {@code Secure}: true whenever the issuer is https */
    SignInSiteAdapter(String password, boolean secureCookie) {
        this.password = password;
        this.secureCookie = secureCookie;
    }

    @Override
    public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
            Client client) {
        return Optional.ofNullable(decision(request, "allow")).map(user -> Map.of("sub", user))
                .orElseThrow(UserNotAuthenticated::new);
    }

    @Override
    public boolean userHasDeniedAccess(Request request, Map<String, Object> environ) {
        return decision(request, "deny") != null;
    }

    @Override
    public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
            List<String> scopes, Client client) {
        Session session = session(request);
        if (session != null && session.user() != null) { // a decision that got here had no valid token: 403
            return response.withStatus(request.postParam("consent") == null ? 200 : 403)
                    .withBody(consentPage(session, request, client, scopes));
        }
        String message = "";
        if (request.postParam("username") != null) {
            if (session == null || !useCsrfToken(session, request)) {
                message = "This form has expired. Please sign in again.";
            } else if (validPassword(request.postParam("username"), request.postParam("password"))) {
                sessions.remove(session.id()); // a new session id at sign-in: none set before survives it
                Session signedIn = newSession(USER);
                return response.addHeader("Set-Cookie", setCookie(signedIn))
                        .withBody(consentPage(signedIn, request, client, scopes));
            } else {
                message = "Wrong username or password.";
            }
        }
        if (session == null) {
            session = newSession(null);
            response = response.addHeader("Set-Cookie", setCookie(session));
        }
        return response.withBody(signInPage(session, request, client, message));
    }

    private String signInPage(Session session, Request request, Client client, String message) {
        return page(session, request, "Sign in", "to continue to %s. <strong>%s</strong>".formatted(
                html(client.clientId()), html(message)), """
                <p><label>Username <input name="username" autocomplete="username" required></label></p>
                <p><label>Password <input name="password" type="password" required></label></p>
                <button>Sign in</button>""");
    }

    private String consentPage(Session session, Request request, Client client, List<String> scopes) {
        return page(session, request, "Allow access?", "Signed in as %s. <strong>%s</strong> asks for: %s.".formatted(
                html(session.user()), html(client.clientId()), html(String.join(", ", scopes))), """
                <button name="consent" value="allow">Allow</button>
                <button name="consent" value="deny">Deny</button>""");
    }

    /** A page whose form posts back to this URL, with a new CSRF token for this session and this request. */
    private String page(Session session, Request request, String title, String text, String fields) {
        String token = token();
        session.forms().put(token, String.valueOf(request.rawQuery()));
        return """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body><h1>%1$s</h1>
                <p>%s</p><form method="post"><input type="hidden" name="csrf_token" value="%s">
                %s</form></body></html>""".formatted(title, text, token, fields);
    }

    /** The signed-in user who posted this decision with a valid CSRF token (now used up); null otherwise. */
    private String decision(Request request, String consent) {
        Session session = session(request);
        boolean decided = consent.equals(request.postParam("consent")) && session != null && session.user() != null;
        return decided && useCsrfToken(session, request) ? session.user() : null;
    }

    /** True when the posted token was made for this session and this very authorization request; uses it up. */
    private static boolean useCsrfToken(Session session, Request request) {
        String token = request.postParam("csrf_token");
        return token != null && String.valueOf(request.rawQuery()).equals(session.forms().remove(token));
    }

    private boolean validPassword(String username, String given) {
        // A real application checks a password hash (Argon2, bcrypt), never a stored password. Both are
        // compared every time, in constant time: the time taken tells nothing about either.
        return constantTimeEquals(username, USER) & constantTimeEquals(given, password);
    }

    private Session newSession(String user) {
        long now = Instant.now().getEpochSecond();
        sessions.values().removeIf(s -> s.expires() <= now);
        Session session = new Session(token(), user, now + SESSION_SECONDS, new ConcurrentHashMap<>());
        sessions.put(session.id(), session);
        return session;
    }

    /** The session of a cookie {@code authz_session=id.mac} whose MAC is right, unless it has expired. */
    private Session session(Request request) {
        Matcher cookie = COOKIE.matcher(String.join(";", request.headers("Cookie")));
        while (cookie.find()) {
            String id = cookie.group(1);
            Session session = constantTimeEquals(cookie.group(2), mac(id)) ? sessions.get(id) : null;
            if (session != null && session.expires() > Instant.now().getEpochSecond()) {
                return session;
            }
        }
        return null;
    }

    private String setCookie(Session session) {
        return "authz_session=" + session.id() + "." + mac(session.id()) + "; Path=/; Max-Age=" + SESSION_SECONDS
                + "; HttpOnly; SameSite=Lax" + (secureCookie ? "; Secure" : "");
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** How long it takes depends on the length of {@code given} only, never on {@code expected}. */
    private static boolean constantTimeEquals(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(UTF_8), expected.getBytes(UTF_8));
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
