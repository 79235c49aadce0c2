package org.oauth2kit.web;

import java.util.List;
import java.util.Map;

import org.oauth2kit.Client;
import org.oauth2kit.error.UserNotAuthenticated;

/**
 * Where the application meets its user: login, consent, and the user's decision. The Provider
 * calls it at the authorization endpoint and, for the password grant, at the token endpoint.
 *
 * <p>The application owns these pages, and with them their defences: CSRF protection of the
 * consent form, user password storage, session handling.
 */
public interface SiteAdapter {

    /**
     * Authenticates the user and checks that she has authorized the client.
     *
     * <p>For the password grant, read {@code username} and {@code password} with
     * {@link Request#postParam(String)}.
     *
     * @param environ whatever the adapter put there (e.g. the framework's native request)
     * @param scopes  the scopes requested, after validation
     * @param client  the client asking
     * @return data about the user, kept with the code and the tokens. Put the user's id under
     *         {@code "sub"}: introspection reports it. Never null.
     * @throws UserNotAuthenticated when the user is not known or has not consented yet
     */
    Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes, Client client)
            throws UserNotAuthenticated;

    /**
     * The page shown when {@link #authenticate} said no: a login or consent page, or a redirect
     * to one. A page that posts back should post to the same URL (query string included): the
     * authorization endpoint accepts POST.
     *
     * @param response a 200 HTML response with {@code Cache-Control: no-store}; return a changed copy
     */
    Response renderAuthPage(Request request, Response response, Map<String, Object> environ, List<String> scopes,
            Client client);

    /** True when the user pressed "deny": the client then gets {@code access_denied}. */
    boolean userHasDeniedAccess(Request request);

    /**
     * The page a person sees when the Provider may not redirect to the client (unknown client,
     * wrong {@code redirect_uri}: R6). The default is a small, escaped HTML page.
     *
     * @param response a 400 HTML response holding the default page; return it or a changed copy
     */
    default Response renderErrorPage(Request request, Response response, String error, String description) {
        return response;
    }
}
