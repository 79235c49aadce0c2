package org.oauth2kit.web;

import java.util.List;
import java.util.Map;

import org.oauth2kit.Client;
import org.oauth2kit.error.UserNotAuthenticated;
import org.jspecify.annotations.Nullable;

/**
 * Where the application meets its user: sign-in, consent, and the user's decision.
 *
 * <p>Call order at the authorization endpoint, once the client, its redirect URI and the request's
 * own parameters have been validated (nothing is asked of the SiteAdapter for a request the
 * Provider refuses anyway):
 * <ol>
 * <li>{@link #userHasDeniedAccess(Request, Map)}: true ends the request with {@code access_denied};</li>
 * <li>{@link #authenticate}: the signed-in user who has allowed this client, or
 *     {@link UserNotAuthenticated};</li>
 * <li>{@link #renderAuthPage} when {@link #authenticate} said no.</li>
 * </ol>
 * At the token endpoint, the password grant calls {@link #authenticateResourceOwner} and nothing
 * else. The two never mix: a password posted to the authorization endpoint is never checked as a
 * password grant, so an authorization request cannot skip sign-in and consent (RFC 6749 §10.12,
 * RFC 9700 §4.7; R38).
 *
 * <p>The application owns these pages, and with them their defences: CSRF protection of the
 * sign-in and consent forms, user password storage, session handling. Every method receives the
 * adapter's {@code environ} (the framework's native request is under {@code <framework>.request}).
 */
public interface SiteAdapter {

    /**
     * At the authorization endpoint only: the user who is signed in <em>and</em> has authorized
     * this client for these scopes, through the application's own session and consent form.
     *
     * @param environ whatever the adapter put there (e.g. the framework's native request)
     * @param scopes  the scopes requested, after validation
     * @param client  the client asking
     * @return data about the user, kept with the code and the tokens. Put the user's id under
     *         {@code "sub"}: introspection reports it. Null counts as "not authenticated".
     * @throws UserNotAuthenticated when the user is not known or has not consented yet
     */
    @Nullable Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
            Client client) throws UserNotAuthenticated;

    /**
     * At the token endpoint only, for the resource owner password credentials grant (RFC 6749
     * §4.3): checks a user's name and password. A Provider that serves
     * {@link org.oauth2kit.grant.ResourceOwnerGrant} refuses to start unless its SiteAdapter
     * overrides this method.
     *
     * <p>An application written the python-oauth2 way, with one {@code authenticate} for both
     * endpoints, implements this by calling that method: the Provider never hands
     * {@code grant_type} to {@link #authenticate}, so its password branch cannot be reached from
     * the authorization endpoint.
     *
     * @return data about the user, as for {@link #authenticate}; null counts as a wrong password
     * @throws UserNotAuthenticated for a wrong name or password: the client gets {@code invalid_grant}
     */
    default @Nullable Map<String, String> authenticateResourceOwner(String username, String password, Request request,
            Map<String, Object> environ, List<String> scopes, Client client) throws UserNotAuthenticated {
        throw new UserNotAuthenticated();
    }

    /**
     * The page shown when {@link #authenticate} said no: a login or consent page, or a redirect
     * to one. A page that posts back should post to the same URL (query string included): the
     * authorization endpoint accepts POST.
     *
     * @param response a 200 HTML response with {@code Cache-Control: no-store} and anti-framing
     *                 headers; return a changed copy
     */
    Response renderAuthPage(Request request, Response response, Map<String, Object> environ, List<String> scopes,
            Client client);

    /**
     * True when the user pressed "deny": the client then gets {@code access_denied}. Only a
     * decision from the application's own, CSRF-protected consent form may count. The default
     * asks {@link #userHasDeniedAccess(Request)}.
     */
    default boolean userHasDeniedAccess(Request request, Map<String, Object> environ) {
        return userHasDeniedAccess(request);
    }

    /** The seed's shape of {@link #userHasDeniedAccess(Request, Map)}; false unless overridden. */
    default boolean userHasDeniedAccess(Request request) {
        return false;
    }

    /**
     * The page a person sees when the Provider may not redirect to the client (unknown client,
     * wrong {@code redirect_uri}: R6). The default is a small, escaped HTML page.
     *
     * @param response a 400 HTML response holding the default page; return it or a changed copy
     */
    default Response renderErrorPage(Request request, Response response, String error,
            @Nullable String description) {
        return response;
    }

    /**
     * RFC 8628 §3.3: the page where a person types the code their device shows. It must send
     * {@code user_code} back to the same URL; a GET form keeps the code in the query, so the
     * sign-in and consent pages that follow post back to a URL that still names it.
     *
     * @param response a 200 (or, after a wrong code, 400; after too many, 429) HTML response holding
     *                 a plain default form; return it or a changed copy
     * @param error    why the last code was refused, in words for the person; null on the first visit
     */
    default Response renderUserCodePage(Request request, Response response, Map<String, Object> environ,
            @Nullable String error) {
        return response;
    }

    /**
     * RFC 8628 §3.3: the page after the person allowed or denied a device, telling them to return
     * to it. The consent itself goes through {@link #authenticate} and {@link #renderAuthPage}, as
     * at the authorization endpoint, with {@code user_code} in the request so the page can show it
     * for the person to compare with their device.
     *
     * @param response a 200 HTML response holding a plain default page; return it or a changed copy
     */
    default Response renderDeviceDonePage(Request request, Response response, Map<String, Object> environ,
            Client client, boolean allowed) {
        return response;
    }
}
