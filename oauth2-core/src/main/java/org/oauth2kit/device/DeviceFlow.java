package org.oauth2kit.device;

import java.time.Duration;
import java.util.Objects;

import org.oauth2kit.endpoint.Endpoint;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.grant.ScopePolicy;
import org.oauth2kit.grant.TokenGrant;

/**
 * The device authorization grant (RFC 8628), for devices without a browser or keyboard: the device
 * asks the {@linkplain #authorizationEndpoint() device authorization endpoint} for a code pair,
 * shows the person a URL and a short code, and polls the token endpoint with the
 * {@linkplain #grant() device-code grant} while the person signs in and allows it on another device
 * at the {@linkplain #verificationEndpoint() verification endpoint}.
 *
 * <p>Written on the public extension SPI alone: two {@link Endpoint}s and a {@link TokenGrant},
 * records in the {@link org.oauth2kit.store.EphemeralStore} (a device code is redeemed once, by
 * the store's atomic {@code take}), and the person's side through the application's
 * {@link org.oauth2kit.web.SiteAdapter}: its sign-in and consent pages, plus
 * {@code renderUserCodePage} and {@code renderDeviceDonePage}.
 *
 * <pre>{@code
 * DeviceFlow device = DeviceFlow.builder().build();
 * Provider.builder()...grant(device.grant())
 *         .endpoint(device.authorizationEndpoint()).endpoint(device.verificationEndpoint())
 * }</pre>
 * A client may use it when its registration lists {@link #GRANT_TYPE}.
 */
public final class DeviceFlow {
    /** RFC 8628 §3.4. */
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";
    static final String DEVICE = "device_code";
    static final String USER_CODE = "user_code";

    private final DeviceCodeGrant grant;
    private final DeviceAuthorizationEndpoint authorizationEndpoint;
    private final DeviceVerificationEndpoint verificationEndpoint;

    private DeviceFlow(Builder b) {
        this.grant = new DeviceCodeGrant(b.scope);
        this.authorizationEndpoint = new DeviceAuthorizationEndpoint(b.authorizationPath, b.verificationPath,
                b.lifetime, b.interval, b.scope);
        this.verificationEndpoint = new DeviceVerificationEndpoint(b.verificationPath,
                new UserCodes.FailureLimit(b.failuresPerMinute));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The grant the device polls the token endpoint with ({@link #GRANT_TYPE}). */
    public TokenGrant grant() {
        return grant;
    }

    /** RFC 8628 §3.1, where the device gets its codes; {@code /device_authorization} by default. */
    public Endpoint authorizationEndpoint() {
        return authorizationEndpoint;
    }

    /** RFC 8628 §3.3, the page the person opens; {@code /device} by default. */
    public Endpoint verificationEndpoint() {
        return verificationEndpoint;
    }

    /** Options; the defaults follow RFC 8628's examples. */
    public static final class Builder {
        private String authorizationPath = "/device_authorization";
        private String verificationPath = "/device";
        private Duration lifetime = Duration.ofMinutes(10);
        private Duration interval = Duration.ofSeconds(5);
        private ScopePolicy scope = new Scope();
        private int failuresPerMinute = 60;

        private Builder() {
        }

        public Builder authorizationPath(String path) {
            this.authorizationPath = Objects.requireNonNull(path, "path");
            return this;
        }

        public Builder verificationPath(String path) {
            this.verificationPath = Objects.requireNonNull(path, "path");
            return this;
        }

        /** How long the codes are valid: 10 minutes by default, at most 30. */
        public Builder lifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofMinutes(30)) > 0) {
                throw new IllegalArgumentException("a device code lifetime is positive and at most 30 minutes");
            }
            this.lifetime = lifetime;
            return this;
        }

        /** The least time between two polls: 5 seconds by default (RFC 8628 §3.2). */
        public Builder interval(Duration interval) {
            if (interval.isNegative() || interval.toSeconds() < 1) {
                throw new IllegalArgumentException("the polling interval is at least one second");
            }
            this.interval = interval;
            return this;
        }

        /** How {@code scope} is handled; {@link Scope} with its defaults unless set. */
        public Builder scope(ScopePolicy scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /**
         * Wrong user codes the verification endpoint accepts per minute before it answers 429 for
         * the rest of that minute: 60 by default. With 20^8 codes alive for ten minutes each, a
         * guesser then needs years for an even chance at one code.
         */
        public Builder failuresPerMinute(int failures) {
            if (failures < 1) {
                throw new IllegalArgumentException("failuresPerMinute must be positive");
            }
            this.failuresPerMinute = failures;
            return this;
        }

        public DeviceFlow build() {
            return new DeviceFlow(this);
        }
    }
}
