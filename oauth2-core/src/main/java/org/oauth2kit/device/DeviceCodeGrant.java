package org.oauth2kit.device;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.oauth2kit.Client;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthBaseError;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.grant.GrantContext;
import org.oauth2kit.grant.Issuance;
import org.oauth2kit.grant.IssuedTokens;
import org.oauth2kit.grant.ScopePolicy;
import org.oauth2kit.grant.TokenGrant;
import org.oauth2kit.store.EphemeralStore;

/**
 * RFC 8628 §3.4-3.5: the device polls with its device code. Pending, it hears
 * {@code authorization_pending}, or {@code slow_down} when it polls faster than the interval
 * (which then grows by five seconds); denied, {@code access_denied}; too late, {@code expired_token}.
 * Allowed, the record is taken from the store, atomically, and tokens are issued: of any number
 * of concurrent polls exactly one gets them.
 */
final class DeviceCodeGrant implements TokenGrant {
    private final ScopePolicy scope;

    DeviceCodeGrant(ScopePolicy scope) {
        this.scope = scope;
    }

    @Override
    public String grantType() {
        return DeviceFlow.GRANT_TYPE;
    }

    @Override
    public ScopePolicy scope() {
        return scope;
    }

    @Override
    public IssuedTokens token(GrantContext context) {
        Engine engine = context.engine();
        EphemeralStore store = engine.ephemeralStore();
        Client client = context.client();
        String key = engine.digest(context.requireParameter("device_code"));
        DeviceRecord record = store.get(DeviceFlow.DEVICE, key).map(DeviceRecord::new)
                .orElseThrow(() -> error(ErrorCode.INVALID_GRANT, "unknown or used device_code"));
        if (!client.clientId().equals(record.clientId())) {
            throw error(ErrorCode.INVALID_GRANT, "the device_code was issued to another client");
        }
        Instant now = engine.clock().instant();
        if (record.expired(now)) {
            throw error(ErrorCode.EXPIRED_TOKEN, "the device_code has expired; start again");
        }
        switch (record.status()) {
            case DeviceRecord.PENDING -> throw pending(store, key, record, now.toEpochMilli());
            case DeviceRecord.DENIED -> {
                store.take(DeviceFlow.DEVICE, key);
                throw error(ErrorCode.ACCESS_DENIED, "the user denied access");
            }
            default -> {
                Optional<String> taken = store.take(DeviceFlow.DEVICE, key);
                if (taken.isEmpty()) {
                    throw error(ErrorCode.INVALID_GRANT, "unknown or used device_code");
                }
                DeviceRecord approved = new DeviceRecord(taken.get());
                Map<String, String> user = approved.user();
                IssuedTokens issued = engine.issue(Issuance.of(client, DeviceFlow.GRANT_TYPE, user,
                        approved.scopes()).withRefreshToken());
                Optional<String> idToken = engine.idToken(client, user, approved.scopes(), null, issued.accessToken());
                return idToken.isPresent() ? issued.withParameter("id_token", idToken.get()) : issued;
            }
        }
    }

    /** Records this poll; slow_down when it came too early, or at the same time as another. */
    private static OAuthBaseError pending(EphemeralStore store, String key, DeviceRecord record, long nowMillis) {
        long interval = record.interval();
        if (nowMillis - record.lastPoll() < interval * 1000) {
            store.replace(DeviceFlow.DEVICE, key, record.raw, record.with(Map.of("last_poll", Long.toString(nowMillis),
                    "interval", Long.toString(interval + 5))));
            return error(ErrorCode.SLOW_DOWN, "poll at most every " + interval + " seconds; now every "
                    + (interval + 5));
        }
        if (!store.replace(DeviceFlow.DEVICE, key, record.raw,
                record.with(Map.of("last_poll", Long.toString(nowMillis))))) {
            return error(ErrorCode.SLOW_DOWN, "another poll came at the same time");
        }
        return error(ErrorCode.AUTHORIZATION_PENDING, "the user has not decided yet");
    }

    /** RFC 8628 §3.5 answers every poll error with 400, access_denied included. */
    private static OAuthBaseError error(ErrorCode code, String explanation) {
        return new OAuthBaseError(code, explanation, null, 400);
    }
}
