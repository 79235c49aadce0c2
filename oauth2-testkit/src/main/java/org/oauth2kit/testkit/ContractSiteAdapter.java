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
 * Otherwise it renders a small login-and-consent form that posts back to the same URL.
 *
 * <p>Deliberately minimal: it has no session and no CSRF token, because the contract drives it
 * with plain HTTP requests. A real application's pages need both (see the examples).
 */
public final class ContractSiteAdapter implements SiteAdapter {
    public static final String USERNAME = "alice";
    public static final String PASSWORD = "wonderland";

    @Override
    public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
            Client client) {
        String username = request.postParam("username");
        String password = request.postParam("password");
        boolean tokenEndpoint = request.postParam("grant_type") != null;
        if (USERNAME.equals(username) && PASSWORD.equals(password)
                && (tokenEndpoint || "allow".equals(request.postParam("consent")))) {
            return Map.of("sub", USERNAME);
        }
        throw new UserNotAuthenticated();
    }

    @Override
    public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
            List<String> scopes, Client client) {
        return response.withBody("<!DOCTYPE html><html><body><h1>Sign in</h1>"
                + "<form method=\"POST\"><input name=\"username\"><input name=\"password\" type=\"password\">"
                + "<p>Allow " + escape(client.clientId()) + " to use " + escape(String.join(", ", scopes)) + "?</p>"
                + "<button name=\"consent\" value=\"allow\">Allow</button>"
                + "<button name=\"consent\" value=\"deny\">Deny</button></form></body></html>");
    }

    @Override
    public boolean userHasDeniedAccess(Request request) {
        return "deny".equals(request.postParam("consent"));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
