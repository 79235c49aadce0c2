package org.oauth2kit;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthBaseError;
import org.oauth2kit.error.OAuthClientError;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.grant.Grant;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.internal.Digests;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * The authorization endpoint, RFC 6749 §3.1 and §4.1-4.2 (R6-R13). GET and POST alike (R11).
 * Until the client and its redirect URI are known to be right, errors are shown to the user
 * and never redirected (R6); after that every error goes back to the client (R7).
 */
final class AuthorizeEndpoint {
    private final Provider p;
    private final ClientAuthentication clients;
    private final TokenIssuer issuer;

    AuthorizeEndpoint(Provider p) {
        this.p = p;
        this.clients = new ClientAuthentication(p);
        this.issuer = new TokenIssuer(p);
    }

    Response handle(Request request, Map<String, Object> environ) {
        if (!"GET".equals(request.method()) && !"POST".equals(request.method())) {
            return errorPage(request, 405, ErrorCode.INVALID_REQUEST, "the authorization endpoint accepts GET and POST")
                    .withHeader("Allow", "GET, POST");
        }
        if (request.bodyTooLarge()) {
            return errorPage(request, 413, ErrorCode.INVALID_REQUEST, "request body too large");
        }
        Params params;
        try {
            Params query = Params.query(request, p);
            Params form = "POST".equals(request.method())
                    && "application/x-www-form-urlencoded".equals(request.contentType())
                            ? Params.form(request, p) : Params.empty();
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
            Provider.LOG.log(Level.WARNING, "store unavailable: " + e.getMessage());
            return errorPage(request, 503, ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "the authorization server is temporarily unavailable, please try again shortly")
                    .withHeader("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        if (found.isEmpty()) {
            return errorPage(request, 400, ErrorCode.INVALID_REQUEST, "unknown client");
        }
        Client client = found.get();
        String sentRedirectUri = params.get("redirect_uri");
        String redirectUri;
        if (sentRedirectUri != null) {
            if (!client.redirectUris().contains(sentRedirectUri)) {
                return errorPage(request, 400, ErrorCode.INVALID_REQUEST,
                        "redirect_uri is not registered for this client");
            }
            redirectUri = sentRedirectUri;
        } else if (client.redirectUris().size() == 1) {
            redirectUri = client.redirectUris().get(0);
        } else {
            return errorPage(request, 400, ErrorCode.INVALID_REQUEST,
                    client.redirectUris().isEmpty() ? "the client has no registered redirect_uri"
                            : "redirect_uri is required: the client has several");
        }

        String responseType = params.first("response_type");
        boolean fragment = "token".equals(responseType);
        Redirect redirect = new Redirect(redirectUri, params.first("state"), fragment, p.issuer);
        try {
            return authorize(request, environ, params, client, redirectUri, sentRedirectUri, redirect);
        } catch (StoreUnavailableError e) {
            Provider.LOG.log(Level.WARNING, "store unavailable: " + e.getMessage());
            return redirect.error(ErrorCode.TEMPORARILY_UNAVAILABLE, "the authorization server is temporarily unavailable");
        } catch (OAuthBaseError e) {
            ErrorCode code = e.error() == ErrorCode.METHOD_NOT_ALLOWED || e.error() == ErrorCode.REQUEST_TOO_LARGE
                    ? ErrorCode.INVALID_REQUEST : e.error();
            return redirect.error(code, e.explanation());
        } catch (RuntimeException e) {
            Provider.LOG.log(Level.ERROR, "unexpected error at the authorization endpoint", e);
            return redirect.error(ErrorCode.SERVER_ERROR, "the authorization server could not handle the request");
        }
    }

    private Response authorize(Request request, Map<String, Object> environ, Params params, Client client,
            String redirectUri, String sentRedirectUri, Redirect redirect) {
        params.requireNoRepeats();
        String responseType = params.require("response_type");
        String grantType = switch (responseType) {
            case "code" -> GrantTypes.AUTHORIZATION_CODE;
            case "token" -> GrantTypes.IMPLICIT;
            default -> null;
        };
        Grant grant = grantType == null ? null : p.grants.get(grantType);
        if (grant == null) {
            throw new OAuthInvalidError(ErrorCode.UNSUPPORTED_RESPONSE_TYPE, "unsupported response_type");
        }
        if (!client.responseTypes().contains(responseType) || !client.grantTypes().contains(grantType)) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT, "this client may not use this response_type");
        }
        List<String> scopes = grant.scope().parse(params.get("scope"));

        String challenge = null;
        String method = null;
        if ("code".equals(responseType)) {
            challenge = params.get("code_challenge");
            method = params.get("code_challenge_method");
            if (challenge == null) {
                if (method != null) {
                    throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "code_challenge_method without code_challenge");
                }
                if (!client.isConfidential() || p.requirePkce) {
                    throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "code_challenge is required (PKCE)");
                }
            } else {
                if (method == null) {
                    method = Pkce.PLAIN; // RFC 7636 §4.3 default
                }
                if (!Pkce.S256.equals(method) && !(Pkce.PLAIN.equals(method) && p.allowPlainPkce)) {
                    throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST,
                            "code_challenge_method must be S256");
                }
                Pkce.checkChallenge(challenge, method);
            }
        }

        if (p.siteAdapter.userHasDeniedAccess(request)) {
            throw new OAuthBaseError(ErrorCode.ACCESS_DENIED, "the user denied access");
        }
        Map<String, String> data;
        try {
            data = p.siteAdapter.authenticate(request, environ, scopes, client);
        } catch (UserNotAuthenticated e) {
            Response page = p.siteAdapter.renderAuthPage(request, Response.html(200, ""), environ, scopes, client);
            if (page == null) {
                throw new IllegalStateException("SiteAdapter.renderAuthPage returned null");
            }
            return page.withHeader("Cache-Control", "no-store");
        }
        if (data == null) {
            throw new IllegalStateException("SiteAdapter.authenticate returned null");
        }

        Instant now = p.clock.instant();
        if ("code".equals(responseType)) {
            String code = p.codeGenerator.generate();
            p.authCodeStore.saveCode(new AuthorizationCode(Digests.sha256(code), client.clientId(), sentRedirectUri,
                    scopes, data, challenge, challenge == null ? null : method, now, now.plus(p.codeLifetime)));
            return redirect.success(List.of("code", code));
        }
        TokenIssuer.Issued issued = issuer.issueInNewFamily(client, GrantTypes.IMPLICIT, data, scopes, false);
        return redirect.success(List.of("access_token", issued.accessToken(), "token_type", "Bearer", "expires_in",
                Long.toString(issued.expiresIn()), "scope", String.join(" ", scopes)));
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
        Response rendered = p.siteAdapter.renderErrorPage(request, page, error.code(), description);
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
