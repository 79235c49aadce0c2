package org.oauth2kit;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthBaseError;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.internal.Json;
import org.oauth2kit.web.Response;

/** JSON error responses of the token, revocation and introspection endpoints (RFC 6749 §5.2). */
final class Responses {
    private Responses() {
    }

    static Response error(OAuthBaseError e) {
        Response r = Response.json(e.status(), Json.object()
                .put("error", e.error().code())
                .put("error_description", Text.safe(e.explanation()))
                .put("error_uri", e.errorUri())
                .toString());
        if (e.status() == 405) {
            r = r.withHeader("Allow", "POST");
        }
        return r;
    }

    static Response error(ErrorCode code, String description) {
        return error(new OAuthBaseError(code, description));
    }

    static Response unavailable(StoreUnavailableError e) {
        long seconds = Math.max(1, e.retryAfter().toSeconds());
        return Response.json(503, Json.object()
                .put("error", ErrorCode.TEMPORARILY_UNAVAILABLE.code())
                .put("error_description", "the authorization server is temporarily unavailable")
                .toString())
                .withHeader("Retry-After", Long.toString(seconds));
    }

    /** 401 invalid_client; with the Basic challenge when the client tried Basic (R2). */
    static Response invalidClient(OAuthBaseError e, boolean basicTried, String realm) {
        Response r = error(e);
        if (basicTried) {
            r = r.withHeader("WWW-Authenticate", "Basic realm=\"" + Text.quoted(realm) + "\", charset=\"UTF-8\"");
        }
        return r;
    }
}
