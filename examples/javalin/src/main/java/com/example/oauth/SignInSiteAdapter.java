package com.example.oauth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.oauth2kit.Client;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/**
 * Sign-in and consent at the authorization endpoint; both forms post back to its URL, query
 * included. The session is a cookie signed with HMAC-SHA256 under a key drawn at startup. Each
 * form carries a CSRF token signed for that session and that authorization request, honoured once.
 */
final class SignInSiteAdapter implements SiteAdapter {
    static final String USER = "alice";
    private static final long SESSION_SECONDS = 30 * 60, FORM_SECONDS = 10 * 60;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key = new SecretKeySpec(randomBytes(32), "HmacSHA256");
    private final Map<String, Long> usedTokens = new ConcurrentHashMap<>(); // CSRF token id -> its expiry
    private final String password; // real applications keep users in a database, with password hashes (Argon2, bcrypt)
    private final boolean secureCookie;

    /** A browser's session: a random id, and the user once signed in ("" before). */
    private record Session(String id, String user) {}

    /** @param secureCookie whether the cookie gets {@code Secure}: true when served over https */
    SignInSiteAdapter(String password, boolean secureCookie) {
        this.password = password;
        this.secureCookie = secureCookie;
    }

    @Override
    public boolean userHasDeniedAccess(Request request, Map<String, Object> environ) {
        return "deny".equals(request.postParam("consent")) && decidingUser(request) != null;
    }

    @Override
    public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
            Client client) {
        String user = "allow".equals(request.postParam("consent")) ? decidingUser(request) : null;
        if (user == null) {
            throw new UserNotAuthenticated();
        }
        return Map.of("sub", user);
    }

    @Override
    public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
            List<String> scopes, Client client) {
        Session session = session(request);
        if (session != null && !session.user().isEmpty()) {
            // a decision that gets here came without a valid token: nothing was decided, ask again
            return response.withStatus(request.postParam("consent") == null ? 200 : 403)
                    .withBody(consentPage(session, request, scopes, client));
        }
        String message = "";
        if (request.postParam("username") != null) {
            if (session == null || !useCsrfToken(session, request)) {
                message = "This form has expired. Please sign in again.";
                response = response.withStatus(403);
            } else if (constantTimeEquals(USER, request.postParam("username"))
                    & constantTimeEquals(password, request.postParam("password"))) { // both checked, always
                Session signedIn = new Session(randomId(), USER); // a new id: none from before sign-in survives
                return response.addHeader("Set-Cookie", setCookie(signedIn))
                        .withBody(consentPage(signedIn, request, scopes, client));
            } else {
                message = "Wrong username or password.";
            }
        }
        if (session == null) {
            session = new Session(randomId(), "");
            response = response.addHeader("Set-Cookie", setCookie(session));
        }
        return response.withBody(page("Sign in", "<p>to continue to " + html(client.clientId()) + "</p><p>"
                + html(message) + "</p>" + form(session, request)
                + "<p><label>Username <input name=\"username\" autocomplete=\"username\" required></label></p>"
                + "<p><label>Password <input name=\"password\" type=\"password\" required></label></p>"
                + "<button>Sign in</button></form>"));
    }

    private String consentPage(Session session, Request request, List<String> scopes, Client client) {
        return page("Allow access?", "<p>Signed in as " + html(session.user()) + ". " + html(client.clientId())
                + " asks for: " + html(String.join(", ", scopes)) + ".</p>" + form(session, request)
                + "<button name=\"consent\" value=\"allow\">Allow</button> "
                + "<button name=\"consent\" value=\"deny\">Deny</button></form>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>";
    }

    /** A form that posts back to this very URL, with a fresh CSRF token. */
    private String form(Session session, Request request) {
        String token = sign(csrfPurpose(session, request), randomId(), Long.toString(now() + FORM_SECONDS));
        return "<form method=\"post\"><input type=\"hidden\" name=\"csrf_token\" value=\"" + token + "\">";
    }

    /** The signed-in user, when the form's token was made for this session and this request; uses it up. */
    private String decidingUser(Request request) {
        Session session = session(request);
        return session != null && !session.user().isEmpty() && useCsrfToken(session, request) ? session.user() : null;
    }

    private boolean useCsrfToken(Session session, Request request) {
        String token = request.postParam("csrf_token");
        String[] parts = token == null ? null : verify(csrfPurpose(session, request), token);
        long now = now();
        usedTokens.values().removeIf(expiry -> expiry <= now); // expired tokens are refused anyway
        return parts != null && usedTokens.putIfAbsent(parts[0], Long.parseLong(parts[1])) == null;
    }

    /** A token is good for one session and one authorization request: its query string, all of it. */
    private static String csrfPurpose(Session session, Request request) {
        return "csrf\n" + session.id() + "\n" + request.rawQuery();
    }

    private Session session(Request request) {
        for (String header : request.headers("Cookie")) {
            for (String cookie : header.trim().split(";\\s*")) {
                String[] parts = cookie.startsWith("session=") ? verify("session", cookie.substring(8)) : null;
                if (parts != null) {
                    return new Session(parts[0], new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8));
                }
            }
        }
        return null;
    }

    private String setCookie(Session session) {
        String value = sign("session", session.id(), B64.encodeToString(session.user().getBytes(UTF_8)),
                Long.toString(now() + SESSION_SECONDS));
        return "session=" + value + "; Path=/; Max-Age=" + SESSION_SECONDS + "; HttpOnly; SameSite=Lax"
                + (secureCookie ? "; Secure" : "");
    }

    /** {@code part.part.mac}; the last part is an expiry, and the MAC covers the purpose too. */
    private String sign(String purpose, String... parts) {
        String value = String.join(".", parts);
        return value + "." + mac(purpose + "\n" + value);
    }

    /** The parts of a value signed for this purpose and not yet expired; otherwise null. */
    private String[] verify(String purpose, String signed) {
        int dot = signed.lastIndexOf('.');
        if (dot < 0 || !constantTimeEquals(mac(purpose + "\n" + signed.substring(0, dot)), signed.substring(dot + 1))) {
            return null;
        }
        String[] parts = signed.substring(0, dot).split("\\.");
        return Long.parseLong(parts[parts.length - 1]) > now() ? parts : null;
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal(data.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Its time depends on the length of {@code expected} only, never on where {@code given} differs. */
    private static boolean constantTimeEquals(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(UTF_8), given.getBytes(UTF_8));
    }

    private String randomId() {
        return B64.encodeToString(randomBytes(16));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
