package org.oauth2kit.testkit;

import java.util.List;
import java.util.Map;

import org.oauth2kit.Client;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/**
 * The SiteAdapter of the contract suites: user {@code alice} / {@code wonderland}. At the
 * authorization endpoint the user is authenticated when the request carries
 * {@code username}, {@code password} and {@code consent=allow}; {@code consent=deny} is a denial.
 * The password grant checks the same pair through {@link #authenticateResourceOwner}.
 * Otherwise it renders a small login-and-consent form that posts back to the same URL.
 *
 * <p>Deliberately minimal: it has no session and no CSRF token, because the contract drives it
 * with plain HTTP requests. A real application's pages need both (see the examples).
 */
public final class ContractSiteAdapter implements SiteAdapter {
    public static final String USERNAME = "alice";
    public static final String PASSWORD = "wonderland";
    /** Two cookies set by the sign-in page, so the suites can check that repeated headers arrive. */
    public static final List<String> COOKIES = List.of("contract_a=1; Path=/; HttpOnly", "contract_b=2; Path=/; HttpOnly");

    @Override
    public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
            Client client) {
        if (valid(request.postParam("username"), request.postParam("password"))) {
            if ("allow".equals(request.postParam("consent"))) {
                return Map.of("sub", USERNAME);
            }
            throw UserNotAuthenticated.signedInWithoutConsent();
        }
        throw new UserNotAuthenticated();
    }

    @Override
    public Map<String, String> authenticateResourceOwner(String username, String password, Request request,
            Map<String, Object> environ, List<String> scopes, Client client) {
        if (valid(username, password)) {
            return Map.of("sub", USERNAME);
        }
        throw new UserNotAuthenticated();
    }

    private static boolean valid(String username, String password) {
        return USERNAME.equals(username) && PASSWORD.equals(password);
    }

    @Override
    public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
            List<String> scopes, Client client) {
        return response.addHeader("Set-Cookie", COOKIES.get(0)).addHeader("Set-Cookie", COOKIES.get(1))
                .withBody("<!DOCTYPE html><html><body><h1>Sign in</h1>"
                + "<form method=\"POST\"><input name=\"username\"><input name=\"password\" type=\"password\">"
                + "<p>Allow " + escape(client.clientId()) + " to use " + escape(String.join(", ", scopes)) + "?</p>"
                + "<button name=\"consent\" value=\"allow\">Allow</button>"
                + "<button name=\"consent\" value=\"deny\">Deny</button></form></body></html>");
    }

    @Override
    public boolean userHasDeniedAccess(Request request, Map<String, Object> environ) {
        return "deny".equals(request.postParam("consent"));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
