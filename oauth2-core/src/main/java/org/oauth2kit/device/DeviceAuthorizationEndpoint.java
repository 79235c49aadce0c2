package org.oauth2kit.device;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.oauth2kit.Client;
import org.oauth2kit.endpoint.Endpoint;
import org.oauth2kit.endpoint.EndpointContext;
import org.oauth2kit.endpoint.FormRecord;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthClientError;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.grant.ScopePolicy;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.web.Response;

/** RFC 8628 §3.1-3.2: a device asks for a device code and a user code. */
final class DeviceAuthorizationEndpoint implements Endpoint {
    private final String path;
    private final String verificationPath;
    private final Duration lifetime;
    private final Duration interval;
    private final ScopePolicy scope;

    DeviceAuthorizationEndpoint(String path, String verificationPath, Duration lifetime, Duration interval,
            ScopePolicy scope) {
        this.path = path;
        this.verificationPath = verificationPath;
        this.lifetime = lifetime;
        this.interval = interval;
        this.scope = scope;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Map<String, Object> metadata(String endpointUrl) {
        return Map.of("device_authorization_endpoint", endpointUrl);
    }

    @Override
    public Response handle(EndpointContext context) {
        Map<String, String> form = context.form();
        Client client = context.authenticateClient();
        if (!client.grantTypes().contains(DeviceFlow.GRANT_TYPE)) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT, "this client may not use the device flow");
        }
        List<String> scopes = scope.grant(form.get("scope"), client);
        Engine engine = context.engine();
        EphemeralStore store = engine.ephemeralStore();
        Instant now = engine.clock().instant();
        Instant expiresAt = now.plus(lifetime);
        // kept a lifetime longer than it is valid, so that a late poll hears expired_token
        Instant keepUntil = expiresAt.plus(lifetime);
        String deviceCode = engine.newSecret();
        String deviceKey = engine.digest(deviceCode);
        String userCode = null;
        for (int attempt = 0; attempt < 8 && userCode == null; attempt++) {
            String candidate = UserCodes.generate();
            if (store.add(DeviceFlow.USER_CODE, engine.digest(UserCodes.normalize(candidate)), deviceKey, expiresAt)) {
                userCode = candidate;
            }
        }
        if (userCode == null) {
            throw new IllegalStateException("no free user code after 8 draws");
        }
        Map<String, String> record = new LinkedHashMap<>();
        record.put("client_id", client.clientId());
        record.put("scope", String.join(" ", scopes));
        record.put("exp", Long.toString(expiresAt.getEpochSecond()));
        record.put("interval", Long.toString(interval.toSeconds()));
        record.put("last_poll", "0");
        record.put("status", DeviceRecord.PENDING);
        record.put("user_code", engine.digest(UserCodes.normalize(userCode)));
        if (!store.add(DeviceFlow.DEVICE, deviceKey, FormRecord.encode(record), keepUntil)) {
            throw new IllegalStateException("a fresh device code was taken");
        }
        String verificationUri = context.url(verificationPath);
        String body = "{\"device_code\":\"" + deviceCode + "\",\"user_code\":\"" + userCode
                + "\",\"verification_uri\":\"" + json(verificationUri) + "\",\"verification_uri_complete\":\""
                + json(verificationUri + "?user_code=" + userCode) + "\",\"expires_in\":" + lifetime.toSeconds()
                + ",\"interval\":" + interval.toSeconds() + "}";
        return Response.json(200, body).withHeader("Cache-Control", "no-store");
    }

    /** The issuer is a URL without quotes or controls (checked when the Provider is built); escape anyway. */
    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
