package org.oauth2kit;

import java.lang.System.Logger.Level;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthBaseError;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.internal.Json;
import org.oauth2kit.web.Response;

/**
 * The one place where a failure becomes an answer. {@link #classify} turns whatever was thrown
 * into an OAuth error (logging what must be logged); {@link #error} writes it as the JSON of
 * RFC 6749 §5.2. The authorization endpoint classifies the same way and then redirects or shows a
 * page (R6, R7).
 */
final class Responses {
    private final OutageLog outageLog = new OutageLog();
    private final String realm;

    Responses(String realm) {
        this.realm = realm;
    }

    /**
     * What a failure means for the client: protocol errors as they are, a store outage as
     * {@code temporarily_unavailable} (logged at most every few seconds), anything else, a bug or a
     * misbehaving SiteAdapter or store, as {@code server_error}, logged in full but never shown.
     */
    OAuthBaseError classify(RuntimeException e, String during) {
        if (e instanceof ClientAuthentication.Failed failed) {
            return failed.error;
        }
        if (e instanceof StoreUnavailableError unavailable) {
            outageLog.storeUnavailable(unavailable);
            return unavailable;
        }
        if (e instanceof OAuthBaseError error) {
            return error;
        }
        Provider.LOG.log(Level.ERROR, "unexpected error " + during, e);
        return new OAuthBaseError(ErrorCode.SERVER_ERROR, "the server could not handle the request");
    }

    /** The JSON answer to any failure, with the headers its kind needs. */
    Response failure(RuntimeException e, String during) {
        Response r = error(classify(e, during));
        if (e instanceof ClientAuthentication.Failed failed && failed.basicTried) {
            // R2: a client that tried Basic is told how to authenticate.
            r = r.withHeader("WWW-Authenticate", "Basic realm=\"" + Text.quoted(realm) + "\", charset=\"UTF-8\"");
        }
        return r;
    }

    static Response error(OAuthBaseError e) {
        if (e instanceof StoreUnavailableError unavailable) {
            return Response.json(503, Json.object()
                    .put("error", ErrorCode.TEMPORARILY_UNAVAILABLE.code())
                    .put("error_description", "the authorization server is temporarily unavailable")
                    .toString())
                    .withHeader("Retry-After", Long.toString(retryAfterSeconds(unavailable)));
        }
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

    static long retryAfterSeconds(StoreUnavailableError e) {
        return Math.max(1, e.retryAfter().toSeconds());
    }
}
