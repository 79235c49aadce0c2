package org.oauth2kit.device;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.oauth2kit.Client;
import org.oauth2kit.endpoint.Endpoint;
import org.oauth2kit.endpoint.EndpointContext;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/**
 * RFC 8628 §3.3: the person enters the user code (or arrives with it, from
 * {@code verification_uri_complete}), signs in and allows or denies the device, all through the
 * application's {@link SiteAdapter}. A decision is recorded by compare-and-set, so two tabs
 * cannot both decide; the user code then stops working.
 */
final class DeviceVerificationEndpoint implements Endpoint {
    private static final String WRONG_CODE = "That code is not valid, or it has expired. Check the code your device shows.";
    private static final String TOO_MANY = "Too many wrong codes were entered. Wait a minute, then try again.";

    private final String path;
    private final UserCodes.FailureLimit failures;

    DeviceVerificationEndpoint(String path, UserCodes.FailureLimit failures) {
        this.path = path;
        this.failures = failures;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Response handle(EndpointContext context) {
        Request request = context.request();
        if (!"GET".equals(request.method()) && !"POST".equals(request.method())) {
            return Response.html(405, page("Not allowed", "<p>Open this page in a browser.</p>"))
                    .withHeader("Allow", "GET, POST");
        }
        Engine engine = context.engine();
        SiteAdapter site = engine.siteAdapter();
        Map<String, Object> environ = context.environ();
        String typed = request.getParam("user_code", request.postParam("user_code"));
        if (typed == null) {
            return codePage(request, site, environ, 200, null);
        }
        long now = engine.clock().millis();
        if (failures.exhausted(now)) {
            return codePage(request, site, environ, 429, TOO_MANY).withHeader("Retry-After", "60");
        }
        EphemeralStore store = engine.ephemeralStore();
        String normalized = UserCodes.normalize(typed);
        Optional<String> deviceKey = normalized == null ? Optional.empty()
                : store.get(DeviceFlow.USER_CODE, engine.digest(normalized));
        Optional<DeviceRecord> record = deviceKey.flatMap(k -> store.get(DeviceFlow.DEVICE, k)).map(DeviceRecord::new)
                .filter(r -> DeviceRecord.PENDING.equals(r.status()) && !r.expired(engine.clock().instant()));
        Optional<Client> client = record.flatMap(r -> engine.clientStore().fetchByClientId(r.clientId()));
        if (client.isEmpty()) {
            failures.fail(now);
            return codePage(request, site, environ, 400, WRONG_CODE);
        }
        List<String> scopes = record.get().scopes();
        // the SiteAdapter never sees grant_type here either (R38)
        Request userRequest = request.withoutParameter("grant_type");
        if (site.userHasDeniedAccess(userRequest, environ)) {
            return decide(context, deviceKey.get(), record.get(), client.get(), false, Map.of());
        }
        Map<String, String> user;
        try {
            user = site.authenticate(userRequest, environ, scopes, client.get());
        } catch (UserNotAuthenticated e) {
            user = null;
        }
        if (user == null) {
            Response page = site.renderAuthPage(userRequest, Response.html(200, ""), environ, scopes, client.get());
            if (page == null) {
                throw new IllegalStateException("SiteAdapter.renderAuthPage returned null");
            }
            return page.withHeader("Cache-Control", "no-store");
        }
        return decide(context, deviceKey.get(), record.get(), client.get(), true, user);
    }

    private static Response decide(EndpointContext context, String deviceKey, DeviceRecord record, Client client,
            boolean allowed, Map<String, String> user) {
        Engine engine = context.engine();
        EphemeralStore store = engine.ephemeralStore();
        SiteAdapter site = engine.siteAdapter();
        if (!store.replace(DeviceFlow.DEVICE, deviceKey, record.raw, record.decided(allowed, user))) {
            return codePage(context.request(), site, context.environ(), 400, WRONG_CODE);
        }
        store.take(DeviceFlow.USER_CODE, record.userCodeKey());
        String html = allowed ? page("Device connected", "<p>You allowed the device. You can return to it now.</p>")
                : page("Device not connected", "<p>You denied access. The device will not be connected.</p>");
        Response done = site.renderDeviceDonePage(context.request(), Response.html(200, html), context.environ(),
                client, allowed);
        return (done == null ? Response.html(200, html) : done).withHeader("Cache-Control", "no-store");
    }

    private static Response codePage(Request request, SiteAdapter site, Map<String, Object> environ, int status,
            String error) {
        String html = page("Connect a device", (error == null ? "" : "<p role=\"alert\">" + error + "</p>")
                + "<form method=\"get\"><label>Code shown on your device <input name=\"user_code\" "
                + "autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" required></label> "
                + "<button type=\"submit\">Continue</button></form>");
        Response page = site.renderUserCodePage(request, Response.html(status, html), environ, error);
        return (page == null ? Response.html(status, html) : page).withHeader("Cache-Control", "no-store");
    }

    /** Fixed text only: nothing a request carries is written into these default pages. */
    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>";
    }
}
