package org.oauth2kit.examples;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 * A CSRF token is {@code nonce.expiry.mac} with the MAC over the session id, the whole
 * authorization request and the nonce: a page's form is honoured only from the browser whose
 * cookie it was made for, for the request it was shown for, and only once.
 */
final class DemoSessions {
    static final String COOKIE = "oauth2kit_demo_session";
    private static final Duration LIFETIME = Duration.ofMinutes(30);
    /** How long a sign-in or consent page may be left open before its form expires. */
    static final Duration CSRF_LIFETIME = Duration.ofMinutes(10);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final boolean secureCookie;
    private final Clock clock;
    /** Nonces of CSRF tokens already used, until they expire: one process's memory (the demo is one). */
    private final ConcurrentHashMap<String, Long> usedNonces = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong();

    /** A session: its id, and the user once signed in (null before). */
    record Session(String id, String user, String cookieValue, long signedInAt) {
        boolean signedIn() {
            return user != null;
        }
    }

    /**
     * @param secureCookie whether cookies get the {@code Secure} attribute (an https issuer)
     * @param nodeSecret   null for a key drawn now; otherwise the key is derived from it, so every
     *                     process given the same secret accepts the others' cookies and tokens
     */
    DemoSessions(boolean secureCookie, Clock clock, String nodeSecret) {
        byte[] k = new byte[32];
        if (nodeSecret == null) {
            random.nextBytes(k);
        } else {
            k = DemoConfig.derive("session key", nodeSecret);
        }
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
        return new Session(id, user, signed + "." + mac("session", signed), clock.instant().getEpochSecond());
    }

    /** The {@code Set-Cookie} value for a session: HttpOnly, SameSite=Lax, Path=/, and Secure over https. */
    String setCookie(Session session) {
        return COOKIE + "=" + session.cookieValue() + "; Path=/; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secureCookie ? "; Secure" : "");
    }

    /**
     * A fresh token for one page: {@code nonce.expiry.mac}, the MAC over the session id, the whole
     * authorization request ({@code request}: client, redirect URI, scope, state, PKCE challenge) and
     * the nonce. A form is honoured only from the browser it was made for, for the request it was
     * shown for, once, within {@link #CSRF_LIFETIME}.
     */
    String csrfToken(Session session, String request) {
        String nonce = randomToken();
        String expiry = Long.toString(clock.instant().plus(CSRF_LIFETIME).getEpochSecond());
        return nonce + "." + expiry + "." + mac("csrf", session.id() + "\n" + request + "\n" + nonce + "\n" + expiry);
    }

    /**
     * Checks a posted token and uses it up: a second post of the same form (a replay, or the back
     * button) is refused, so one consent page yields at most one decision.
     */
    boolean useCsrf(Session session, String request, String token) {
        if (token == null) {
            return false;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        String expected = mac("csrf", session.id() + "\n" + request + "\n" + parts[0] + "\n" + parts[1]);
        if (!constantTimeEquals(expected, parts[2])) {
            return false;
        }
        long expiry;
        try {
            expiry = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        if (now >= expiry) {
            return false;
        }
        sweepUsed(now);
        return usedNonces.putIfAbsent(parts[0], expiry) == null;
    }

    /** Forgets used nonces once their tokens have expired anyway; at most once a minute. */
    private void sweepUsed(long now) {
        long next = nextSweep.get();
        if (now >= next && nextSweep.compareAndSet(next, now + 60)) {
            usedNonces.values().removeIf(expiry -> expiry <= now);
        }
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
            // the cookie's expiry is the sign-in plus the lifetime: when the user signed in (auth_time)
            return Optional.of(new Session(parts[0], user, value, Long.parseLong(parts[2]) - LIFETIME.toSeconds()));
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
