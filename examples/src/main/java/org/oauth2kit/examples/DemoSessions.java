package org.oauth2kit.examples;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.oauth2kit.web.Request;

/**
 * Signed session cookies and CSRF tokens bound to them, built from {@link Request} headers only,
 * so the same code serves every framework.
 *
 * <p>The cookie holds {@code sid.user.expiry.mac}: a random session id, the signed-in user
 * (empty before login), an expiry in epoch seconds, and an HMAC-SHA256 over the three with a key
 * drawn at startup. Nothing is kept on the server, so restarting the demo signs everybody out.
 * A CSRF token is {@code nonce.mac} with the MAC over the session id, the client id and the nonce:
 * a page's form is honoured only from the browser whose cookie it was made for.
 */
final class DemoSessions {
    static final String COOKIE = "oauth2kit_demo_session";
    private static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final boolean secureCookie;
    private final Clock clock;

    /** A session: its id, and the user once signed in (null before). */
    record Session(String id, String user, String cookieValue) {
        boolean signedIn() {
            return user != null;
        }
    }

    /** @param secureCookie whether cookies get the {@code Secure} attribute (an https issuer) */
    DemoSessions(boolean secureCookie, Clock clock) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
        this.secureCookie = secureCookie;
        this.clock = clock;
    }

    /** The valid, unexpired session of this request, if its cookie carries one. */
    Optional<Session> read(Request request) {
        for (String header : request.headers("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(COOKIE)) {
                    Optional<Session> session = verify(pair.substring(eq + 1).trim());
                    if (session.isPresent()) {
                        return session;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A new session; a new id at login too, so no session id chosen before login survives it. */
    Session start(String user) {
        String id = randomToken();
        String userPart = user == null ? "" : B64.encodeToString(user.getBytes(StandardCharsets.UTF_8));
        String expiry = Long.toString(clock.instant().plus(LIFETIME).getEpochSecond());
        String signed = id + "." + userPart + "." + expiry;
        return new Session(id, user, signed + "." + mac("session", signed));
    }

    /** The {@code Set-Cookie} value for a session: HttpOnly, SameSite=Lax, Path=/, and Secure over https. */
    String setCookie(Session session) {
        return COOKIE + "=" + session.cookieValue() + "; Path=/; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secureCookie ? "; Secure" : "");
    }

    /** A fresh token for one page, bound to the session and the client. */
    String csrfToken(Session session, String clientId) {
        String nonce = randomToken();
        return nonce + "." + mac("csrf", session.id() + "\n" + clientId + "\n" + nonce);
    }

    boolean validCsrf(Session session, String clientId, String token) {
        if (token == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        String nonce = token.substring(0, dot);
        String expected = mac("csrf", session.id() + "\n" + clientId + "\n" + nonce);
        return constantTimeEquals(expected, token.substring(dot + 1));
    }

    private Optional<Session> verify(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        String signed = parts[0] + "." + parts[1] + "." + parts[2];
        if (!constantTimeEquals(mac("session", signed), parts[3])) {
            return Optional.empty();
        }
        try {
            if (clock.instant().getEpochSecond() >= Long.parseLong(parts[2])) {
                return Optional.empty();
            }
            String user = parts[1].isEmpty() ? null : new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
            return Optional.of(new Session(parts[0], user, value));
        } catch (IllegalArgumentException e) { // a signed cookie is well formed; this is defence in depth
            return Optional.empty();
        }
    }

    private String mac(String purpose, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // the purpose keeps a session MAC from ever passing as a CSRF MAC, and the reverse
            mac.update((purpose + "\n").getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
