package org.oauth2kit.examples;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.oauth2kit.Client;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/**
 * The demo's login and consent pages, the same for every framework: it reads only
 * {@link Request} headers and parameters and sets its cookie through the {@link Response}.
 *
 * <p>The flow, all at the authorization endpoint's own URL (forms post back to it, query string
 * included):
 * <ol>
 * <li>First visit: a login form; the browser gets an anonymous session cookie, and the form a
 *     CSRF token bound to it.</li>
 * <li>Login POST with the right token and password: a new session for the user (a new id, so no
 *     id chosen before login survives) and the consent page, with its own CSRF token.</li>
 * <li>Consent POST ({@code consent=allow} or {@code deny}): honoured only when the session cookie
 *     is valid and the token was made for this session and this client; otherwise the consent page
 *     comes back with 403 and nothing is granted or denied.</li>
 * </ol>
 * For the password grant at the token endpoint, {@link #authenticateResourceOwner} checks the
 * posted {@code username} and {@code password}; {@link #authenticate} never does, so a request to
 * the authorization endpoint cannot skip the session, the CSRF check and the consent page (R38).
 *
 * <p>A real application keeps users elsewhere and stores their passwords with a password hash
 * (Argon2, bcrypt, PBKDF2); the single demo user is compared in constant time.
 */
public final class DemoSiteAdapter implements SiteAdapter {
    /** Authorization parameters that are carried in hidden fields when they came in a POST body. */
    private static final List<String> AUTHORIZATION_PARAMETERS = List.of("response_type", "client_id",
            "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method", "nonce", "prompt", "max_age",
            "login_hint", "request_uri", "user_code");

    private final DemoSessions sessions;
    private final Clock clock;

    /** @param issuer cookies get the {@code Secure} attribute when it is an https URL */
    public DemoSiteAdapter(String issuer) {
        this(issuer, null);
    }

    /** @param nodeSecret null, or a secret every process of one demo shares (see {@code --node-secret}) */
    public DemoSiteAdapter(String issuer, String nodeSecret) {
        this(issuer, Clock.systemUTC(), nodeSecret);
    }

    DemoSiteAdapter(String issuer, Clock clock, String nodeSecret) {
        this.sessions = new DemoSessions(issuer.startsWith("https:"), clock, nodeSecret);
        this.clock = clock;
    }

    @Override
    public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
            Client client) throws UserNotAuthenticated {
        if ("allow".equals(request.postParam("consent"))) {
            Optional<DemoSessions.Session> session = signedInWithValidForm(request);
            if (session.isPresent()) {
                // auth_time: OpenID Connect's ID token says when the user signed in
                return Map.of("sub", session.get().user(), "auth_time", Long.toString(session.get().signedInAt()));
            }
        }
        // signed in, but no decision for this request yet: OpenID's prompt=none then says consent_required
        if (signedIn(request).isPresent()) {
            throw UserNotAuthenticated.signedInWithoutConsent();
        }
        throw new UserNotAuthenticated();
    }

    /** The password grant at the token endpoint only: the authorization endpoint never checks a password alone. */
    @Override
    public Map<String, String> authenticateResourceOwner(String username, String password, Request request,
            Map<String, Object> environ, List<String> scopes, Client client) throws UserNotAuthenticated {
        if (validPassword(username, password)) {
            return Map.of("sub", username);
        }
        throw new UserNotAuthenticated();
    }

    @Override
    public boolean userHasDeniedAccess(Request request, Map<String, Object> environ) {
        return "deny".equals(request.postParam("consent")) && signedInWithValidForm(request).isPresent();
    }

    @Override
    public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
            List<String> scopes, Client client) {
        Optional<DemoSessions.Session> current = sessions.read(request);
        Optional<DemoSessions.Session> signedIn = signedIn(request);
        String clientId = client.clientId();
        String bound = authorizationRequest(request);
        String hidden = hiddenAuthorizationParameters(request);

        if (signedIn.isPresent()) {
            DemoSessions.Session session = signedIn.get();
            String page;
            if (request.postParam("consent") != null) {
                // a decision came without the token made for this session and client: refuse it
                page = DemoPages.consentPage(session.user(), clientId, scopes, sessions.csrfToken(session, bound),
                        hidden, "This form has expired or did not come from this page. Please decide again.",
                        request.getParam("user_code"));
                return response.withStatus(403).withBody(page);
            }
            // also a login form posted again (a reload): the user is already signed in
            page = DemoPages.consentPage(session.user(), clientId, scopes, sessions.csrfToken(session, bound),
                    hidden, null, request.getParam("user_code"));
            return response.withBody(page);
        }

        boolean loginAttempt = request.postParam("username") != null || request.postParam("password") != null;
        if (loginAttempt) {
            if (current.isEmpty() || !sessions.useCsrf(current.get(), bound, request.postParam("csrf_token"))) {
                DemoSessions.Session anonymous = sessions.start(null);
                return response.withStatus(403)
                        .addHeader("Set-Cookie", sessions.setCookie(anonymous))
                        .withBody(DemoPages.loginPage(loginHint(request), clientId, sessions.csrfToken(anonymous, bound), hidden,
                                "This form has expired, or your browser does not keep cookies. Please sign in again."));
            }
            String username = request.postParam("username");
            if (validPassword(username, request.postParam("password"))) {
                DemoSessions.Session session = sessions.start(username);
                return response.addHeader("Set-Cookie", sessions.setCookie(session))
                        .withBody(DemoPages.consentPage(username, clientId, scopes,
                                sessions.csrfToken(session, bound), hidden, null, request.getParam("user_code")));
            }
            return response.withBody(DemoPages.loginPage(loginHint(request), clientId, sessions.csrfToken(current.get(), bound),
                    hidden, "Wrong username or password."));
        }

        DemoSessions.Session session = current.orElseGet(() -> sessions.start(null));
        Response page = response.withBody(DemoPages.loginPage(loginHint(request), clientId, sessions.csrfToken(session, bound),
                hidden, null));
        return current.isPresent() ? page : page.addHeader("Set-Cookie", sessions.setCookie(session));
    }

    /** RFC 8628: where a person types the code their device shows, in the demo's look. */
    @Override
    public Response renderUserCodePage(Request request, Response response, Map<String, Object> environ,
            String error) {
        return response.withBody(DemoPages.userCodePage(error));
    }

    @Override
    public Response renderDeviceDonePage(Request request, Response response, Map<String, Object> environ,
            Client client, boolean allowed) {
        return response.withBody(DemoPages.deviceDonePage(client.clientId(), allowed));
    }

    /** Matches the Provider's own error page, in the demo's look. */
    @Override
    public Response renderErrorPage(Request request, Response response, String error, String description) {
        return response.withBody(DemoPages.errorPage(error, description));
    }

    /**
     * The signed-in session, when the posted CSRF token was made for it and for this very
     * authorization request; the token is used up.
     */
    private Optional<DemoSessions.Session> signedInWithValidForm(Request request) {
        return signedIn(request)
                .filter(s -> sessions.useCsrf(s, authorizationRequest(request), request.postParam("csrf_token")));
    }

    /** OpenID Connect's {@code login_hint}: the sign-in form starts with it as the username. */
    private static String loginHint(Request request) {
        return request.getParam("login_hint", request.postParam("login_hint"));
    }

    /**
     * The signed-in session, if it is fresh enough for this request: OpenID Connect's
     * {@code prompt=login} asks for a sign-in made for this very request (within the last two
     * minutes, the time a person takes for this page), {@code max_age=N} for one at most N seconds old.
     */
    private Optional<DemoSessions.Session> signedIn(Request request) {
        long now = clock.instant().getEpochSecond();
        String prompt = request.getParam("prompt", request.postParam("prompt"));
        String maxAge = request.getParam("max_age", request.postParam("max_age"));
        return sessions.read(request).filter(DemoSessions.Session::signedIn).filter(s -> {
            if (prompt != null && List.of(prompt.split(" ")).contains("login") && now - s.signedInAt() > 120) {
                return false;
            }
            try {
                return maxAge == null || now - s.signedInAt() <= Long.parseLong(maxAge);
            } catch (NumberFormatException e) {
                return true; // a malformed max_age is no reason to refuse a sign-in
            }
        });
    }

    /** The authorization request, whether it came in the query or in hidden fields, as one string. */
    private static String authorizationRequest(Request request) {
        StringBuilder sb = new StringBuilder();
        for (String name : AUTHORIZATION_PARAMETERS) {
            String value = request.getParam(name, request.postParam(name));
            sb.append(name).append('=').append(value == null ? "" : value).append('\n');
        }
        return sb.toString();
    }

    private static boolean validPassword(String username, String password) {
        // both compared, always, so the time taken does not tell which one was wrong
        boolean user = DemoSessions.constantTimeEquals(DemoConfig.USERNAME, username == null ? "" : username);
        boolean pass = DemoSessions.constantTimeEquals(DemoConfig.PASSWORD, password == null ? "" : password);
        return user & pass;
    }

    /**
     * When the authorization request itself was POSTed as a form (the query is then empty), its
     * parameters must be posted again with the login and consent forms.
     */
    private static String hiddenAuthorizationParameters(Request request) {
        StringBuilder fields = new StringBuilder();
        for (String name : AUTHORIZATION_PARAMETERS) {
            String value = request.postParam(name);
            if (value != null && request.getParam(name) == null) {
                fields.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(DemoPages.html(value)).append("\">");
            }
        }
        return fields.toString();
    }
}
