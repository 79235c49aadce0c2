package org.oauth2kit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.oauth2kit.endpoint.AuthorizationRequestStage;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthBaseError;
import org.oauth2kit.error.OAuthClientError;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.grant.AuthorizationGrant;
import org.oauth2kit.grant.GrantContext;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/**
 * The authorization endpoint, RFC 6749 §3.1 and §4.1-4.2 (R6-R13). GET and POST alike (R11).
 * Until the client and its redirect URI are known to be right, errors are shown to the user
 * and never redirected (R6); after that every error goes back to the client (R7).
 */
final class AuthorizeEndpoint {
    /**
     * The longest redirect URI plus encoded {@code state} and {@code iss} accepted: with a code or
     * an access token added, the Location header stays well under the 8 KiB that common servers
     * allow for all response headers together.
     */
    static final int MAX_REDIRECT_BASE = 6 * 1024;

    private final Config config;
    private final ClientAuthentication clients;
    private final Grants grants;
    private final ProviderEngine engine;
    private final SiteAdapter siteAdapter;

    private final Responses responses;

    AuthorizeEndpoint(Config config, ClientAuthentication clients, Grants grants, ProviderEngine engine,
            Responses responses) {
        this.config = config;
        this.responses = responses;
        this.clients = clients;
        this.grants = grants;
        this.engine = engine;
        this.siteAdapter = engine.siteAdapter();
    }

    Response handle(Request request, Map<String, Object> environ) {
        if (!"GET".equals(request.method()) && !"POST".equals(request.method())) {
            return errorPage(request, 405, ErrorCode.INVALID_REQUEST, "the authorization endpoint accepts GET and POST")
                    .withHeader("Allow", "GET, POST");
        }
        if (request.bodyUnreadable()) {
            return errorPage(request, 400, ErrorCode.INVALID_REQUEST, "the request body could not be read");
        }
        if (request.bodyTooLarge()) {
            return errorPage(request, 413, ErrorCode.INVALID_REQUEST, "request body too large");
        }
        Params params;
        try {
            Params query = Params.query(request, config);
            Params form = "POST".equals(request.method())
                    && "application/x-www-form-urlencoded".equals(request.contentType())
                            ? Params.form(request, config) : Params.empty();
            params = Params.merged(query, form);
        } catch (OAuthBaseError e) {
            return errorPage(request, 400, e.error(), e.explanation());
        }

        // R6: establish client and redirect URI first; nothing before this point redirects.
        if (params.isRepeated("client_id") || params.isRepeated("redirect_uri")) {
            return errorPage(request, 400, ErrorCode.INVALID_REQUEST, "client_id or redirect_uri is repeated");
        }
        String clientId = params.get("client_id");
        if (clientId == null) {
            return errorPage(request, 400, ErrorCode.INVALID_REQUEST, "client_id is missing");
        }
        Optional<Client> found;
        try {
            found = clients.fetch(clientId);
        } catch (StoreUnavailableError e) {
            return unavailable(request, e);
        }
        if (found.isEmpty()) {
            return errorPage(request, 400, ErrorCode.INVALID_REQUEST, "unknown client");
        }
        Client client = found.get();
        Map<String, String> sent = params.firstValues();
        if (!config.stages().isEmpty()) {
            // RFC 9126 and the like: the request's parameters may come from elsewhere
            try {
                Map<String, String> resolved = sent;
                for (AuthorizationRequestStage stage : config.stages()) {
                    resolved = Objects.requireNonNull(stage.resolve(client, resolved, engine), "resolved parameters");
                }
                if (resolved != sent) {
                    if (!clientId.equals(resolved.get("client_id"))) {
                        return errorPage(request, 400, ErrorCode.INVALID_REQUEST,
                                "the request was made for another client");
                    }
                    params = Params.of(resolved);
                }
            } catch (StoreUnavailableError e) {
                return unavailable(request, e);
            } catch (OAuthBaseError e) {
                return errorPage(request, 400, e.error(), e.explanation());
            }
        }
        String sentRedirectUri = params.get("redirect_uri");
        String redirectUri;
        try {
            redirectUri = redirectUri(client, sentRedirectUri);
        } catch (OAuthInvalidError e) {
            return errorPage(request, 400, e.error(), e.explanation());
        }

        Optional<AuthorizationGrant> grant = grants.authorizationGrant(params.first("response_type"));
        boolean fragment = grant.isPresent() && grant.get().fragment();
        Redirect redirect = new Redirect(redirectUri, params.first("state"), fragment, config.issuer());
        if (redirect.baseLength() > MAX_REDIRECT_BASE) {
            // R45: a Location header this long is refused by servers (Jetty's limit is 8 KiB) and
            // browsers; say so now, before anything is stored, rather than fail with a 500 later.
            return errorPage(request, 400, ErrorCode.INVALID_REQUEST,
                    "state and redirect_uri are too long to be sent back to the client");
        }
        try {
            return authorize(request, environ, params, client, redirectUri, sentRedirectUri, redirect, sent);
        } catch (RuntimeException e) {
            OAuthBaseError error = responses.classify(e, "at the authorization endpoint");
            return redirect.error(error.error(), error instanceof StoreUnavailableError
                    ? "the authorization server is temporarily unavailable" : error.explanation());
        }
    }

    private Response authorize(Request request, Map<String, Object> environ, Params params, Client client,
            String redirectUri, String sentRedirectUri, Redirect redirect, Map<String, String> sent) {
        params.requireNoRepeatsButResource();
        AuthorizationGrant grant = grantFor(client, params.require("response_type"));
        // RFC 8707 §2: the resources are checked before any page, and go with the user's data into
        // the code or token, where the audience is decided when tokens are issued
        List<String> resources = config.resources().enabled() ? config.resources().check(client, params.all("resource"))
                : List.of();
        // R38: the SiteAdapter never sees grant_type here, so an adapter that serves the password
        // grant from the same code cannot be steered into it: only sign-in and consent decide.
        Request userRequest = request.withoutParameter("grant_type");
        GrantContext context = new GrantContext(client, params.single(), userRequest, environ, engine, redirectUri,
                sentRedirectUri != null);
        List<String> scopes = context.scopes(grant.scope());
        grant.validate(context);

        if (siteAdapter.userHasDeniedAccess(userRequest, environ)) {
            throw new OAuthBaseError(ErrorCode.ACCESS_DENIED, "the user denied access");
        }
        // OpenID Connect Core §3.1.2.1: prompt=none asks for an answer without any page.
        List<String> prompt = params.get("prompt") == null ? List.of() : List.of(params.get("prompt").trim().split(" +"));
        if (prompt.contains("none") && prompt.size() > 1) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "prompt=none cannot be combined with other values");
        }
        Map<String, String> user;
        boolean signedIn = false;
        try {
            user = siteAdapter.authenticate(userRequest, environ, scopes, client);
        } catch (UserNotAuthenticated e) {
            user = null;
            signedIn = e.signedIn();
        }
        if (user == null && prompt.contains("none")) {
            throw signedIn ? new OAuthBaseError(ErrorCode.CONSENT_REQUIRED, "the user has not allowed this client")
                    : new OAuthBaseError(ErrorCode.LOGIN_REQUIRED, "the user is not signed in");
        }
        if (user == null) {
            Response page = siteAdapter.renderAuthPage(userRequest, Response.html(200, ""), environ, scopes, client);
            if (page == null) {
                throw new IllegalStateException("SiteAdapter.renderAuthPage returned null");
            }
            return page.withHeader("Cache-Control", "no-store");
        }
        for (AuthorizationRequestStage stage : config.stages()) {
            stage.complete(client, sent, engine);
        }
        if (!resources.isEmpty()) {
            Map<String, String> withResources = new java.util.LinkedHashMap<>(user);
            withResources.put(AccessToken.RESOURCES, String.join(" ", resources));
            user = withResources;
        }
        Map<String, String> result = grant.authorize(context, scopes, user);
        if (result == null || result.isEmpty()) {
            throw new IllegalStateException("grant " + grant.grantType() + " returned no authorization response");
        }
        List<String> pairs = new ArrayList<>(result.size() * 2);
        result.forEach((k, v) -> {
            pairs.add(k);
            pairs.add(v);
        });
        return redirect.success(pairs);
    }

    /**
     * R6: the redirect URI in use, the one sent when it is registered exactly, else the only one
     * registered; {@code invalid_request} otherwise (shown, never redirected).
     */
    private static String redirectUri(Client client, String sent) {
        if (sent != null) {
            if (!client.redirectUris().contains(sent)) {
                throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "redirect_uri is not registered for this client");
            }
            return sent;
        }
        if (client.redirectUris().size() == 1) {
            return client.redirectUris().get(0);
        }
        throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, client.redirectUris().isEmpty()
                ? "the client has no registered redirect_uri" : "redirect_uri is required: the client has several");
    }

    private AuthorizationGrant grantFor(Client client, String responseType) {
        AuthorizationGrant grant = grants.authorizationGrant(responseType).orElseThrow(
                () -> new OAuthInvalidError(ErrorCode.UNSUPPORTED_RESPONSE_TYPE, "unsupported response_type"));
        String normalized = Grants.normalize(responseType);
        if (client.responseTypes().stream().map(Grants::normalize).noneMatch(normalized::equals)
                || !client.grantTypes().contains(grant.grantType())) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT, "this client may not use this response_type");
        }
        return grant;
    }

    /**
     * The checks of an authorization request that need no user, for requests that arrive by
     * other ways (RFC 9126): the same rules, in the same order, as {@link #handle}.
     */
    List<String> validate(Request request, Map<String, Object> environ, Client client, Map<String, String> parameters) {
        String sentRedirectUri = parameters.get("redirect_uri");
        String redirectUri = redirectUri(client, sentRedirectUri);
        String responseType = parameters.get("response_type");
        if (responseType == null || responseType.isEmpty()) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "missing parameter: response_type");
        }
        AuthorizationGrant grant = grantFor(client, responseType);
        if (new Redirect(redirectUri, parameters.get("state"), grant.fragment(), config.issuer())
                .baseLength() > MAX_REDIRECT_BASE) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST,
                    "state and redirect_uri are too long to be sent back to the client");
        }
        GrantContext context = new GrantContext(client, parameters, request.withoutParameter("grant_type"), environ,
                engine, redirectUri, sentRedirectUri != null);
        List<String> scopes = context.scopes(grant.scope());
        grant.validate(context);
        return scopes;
    }

    /** A store is down before the redirect URI is known: a page saying so, never a redirect. */
    private Response unavailable(Request request, StoreUnavailableError e) {
        responses.classify(e, "at the authorization endpoint");
        return errorPage(request, 503, ErrorCode.TEMPORARILY_UNAVAILABLE,
                "the authorization server is temporarily unavailable, please try again shortly")
                .withHeader("Retry-After", Long.toString(Responses.retryAfterSeconds(e)));
    }

    private Response errorPage(Request request, int status, ErrorCode error, String description) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authorization error</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}"
                + "code{background:#f3f3f3;padding:.1em .3em}</style></head><body>"
                + "<h1>This authorization request cannot be completed</h1>"
                + "<p>" + Text.html(description) + ".</p>"
                + "<p>Error: <code>" + Text.html(error.code()) + "</code></p>"
                + "<p>The application that sent you here is misconfigured or the link is broken; "
                + "you were not sent back to it.</p></body></html>";
        Response page = Response.html(status, html);
        Response rendered = siteAdapter.renderErrorPage(request, page, error.code(), description);
        return rendered == null ? page : rendered.withHeader("Cache-Control", "no-store");
    }

    /** Where results go: the client's redirect URI, in the query for codes, the fragment for tokens (R7-R9). */
    private record Redirect(String uri, String state, boolean fragment, String issuer) {

        Response success(List<String> pairs) {
            StringBuilder sb = start();
            for (int i = 0; i < pairs.size(); i += 2) {
                if (!pairs.get(i + 1).isEmpty()) {
                    append(sb, pairs.get(i), pairs.get(i + 1));
                }
            }
            return finish(sb);
        }

        Response error(ErrorCode code, String description) {
            StringBuilder sb = start();
            append(sb, "error", code.code());
            if (description != null) {
                append(sb, "error_description", Text.safe(description));
            }
            return finish(sb);
        }

        /** The length of the redirect without its result: URI, state and iss, encoded. */
        int baseLength() {
            return uri.length() + (state == null ? 0 : Text.form(state).length() + 7)
                    + Text.form(issuer).length() + 5;
        }

        private StringBuilder start() {
            StringBuilder sb = new StringBuilder(uri.length() + 256).append(uri);
            if (fragment) {
                sb.append('#');
            } else {
                sb.append(uri.indexOf('?') >= 0 ? '&' : '?');
            }
            return sb;
        }

        private Response finish(StringBuilder sb) {
            if (state != null) {
                append(sb, "state", state); // R8: verbatim, only encoded for transport
            }
            append(sb, "iss", issuer); // R9
            return Response.redirect(sb.toString());
        }

        private static void append(StringBuilder sb, String name, String value) {
            char last = sb.charAt(sb.length() - 1);
            if (last != '?' && last != '#' && last != '&') {
                sb.append('&');
            }
            sb.append(name).append('=').append(Text.form(value));
        }
    }
}
