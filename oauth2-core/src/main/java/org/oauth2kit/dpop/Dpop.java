package org.oauth2kit.dpop;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthBaseError;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.internal.Digests;
import org.oauth2kit.internal.JsonReader;
import org.oauth2kit.web.Request;
import org.jspecify.annotations.Nullable;

/**
 * DPoP (RFC 9449): tokens bound to a key the client proves it holds. With
 * {@link org.oauth2kit.Provider.Builder#dpop(Dpop)} the token endpoint binds the tokens of a request
 * that carries a proof ({@code token_type: DPoP}, {@code cnf.jkt}), every adapter's protection
 * accepts {@code Authorization: DPoP} with a proof made by that key and refuses such a token
 * presented as a bearer token, and introspection returns {@code cnf}.
 *
 * <p>A proof is checked fully: one {@code DPoP} header, {@code typ} {@code dpop+jwt}, an allowed
 * asymmetric {@code alg} that fits the public {@code jwk}, the signature, {@code htm}, {@code htu},
 * {@code iat} within the window, {@code ath} at resources, the server's nonce when nonces are on,
 * and {@code jti} used once within the window (an atomic {@code add} to the
 * {@link org.oauth2kit.store.EphemeralStore}, so a replay is caught across processes).
 *
 * <p>{@code htu} at the token endpoint is exactly the issuer followed by the token path. At a
 * resource, adapters pass the path below their mount point, so {@code htu} must name the issuer's
 * origin (or the origin of the request's {@code Host}) and a path that ends with the request's.
 */
public final class Dpop {
    /** The kind of the ephemeral records that remember used {@code jti}s. */
    public static final String JTI_KIND = "dpop_jti";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final List<String> algorithms;
    private final Duration window;
    private final byte @Nullable [] nonceSecret;
    private final Duration nonceLifetime;

    private Dpop(Builder b) {
        this.algorithms = List.copyOf(b.algorithms);
        this.window = b.window;
        this.nonceSecret = b.nonceSecret == null ? null : b.nonceSecret.clone();
        this.nonceLifetime = b.nonceLifetime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The accepted proof algorithms, for {@code dpop_signing_alg_values_supported}. */
    public List<String> algorithms() {
        return algorithms;
    }

    /** A verified proof: the key's RFC 7638 thumbprint ({@code jkt}). */
    public record Proof(String thumbprint) {
    }

    /** A proof was refused; {@link #nonce()} is the nonce to send in {@code DPoP-Nonce}, when nonces are on. */
    public static final class ProofError extends OAuthBaseError {
        private static final long serialVersionUID = 1L;
        private final @Nullable String nonce;

        ProofError(ErrorCode code, String explanation, @Nullable String nonce) {
            super(code, explanation, null, 400);
            this.nonce = nonce;
        }

        public @Nullable String nonce() {
            return nonce;
        }
    }

    /** The nonce clients should use now, when nonces are on. */
    public Optional<String> currentNonce(Instant now) {
        return nonceSecret == null ? Optional.empty() : Optional.of(nonce(now.getEpochSecond() / nonceLifetime.toSeconds()));
    }

    /**
     * Verifies the request's proof.
     *
     * @param htu         the URL the proof must name exactly; null at a resource (see the class comment)
     * @param accessToken at a resource, the token the proof must be bound to ({@code ath}); null at the token endpoint
     * @throws ProofError {@code invalid_dpop_proof} or {@code use_dpop_nonce}
     */
    public Proof verify(Request request, @Nullable String htu, @Nullable String accessToken, String issuer,
            Engine engine) {
        List<String> headers = request.headers("dpop");
        if (headers.size() != 1) {
            throw invalid(headers.isEmpty() ? "a DPoP proof is required" : "more than one DPoP header");
        }
        String proof = headers.get(0).trim();
        String[] parts = proof.length() > 8192 ? new String[0] : proof.split("\\.", -1);
        if (parts.length != 3) {
            throw invalid("the DPoP proof is not a compact JWS");
        }
        Instant now = engine.clock().instant();
        Map<String, Object> claims;
        PublicJwk key;
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            Map<String, Object> header = JsonReader.object(new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
            if (!"dpop+jwt".equals(header.get("typ"))) {
                throw invalid("the DPoP proof's typ is not dpop+jwt");
            }
            if (!(header.get("alg") instanceof String alg) || !algorithms.contains(alg)) {
                throw invalid("the DPoP proof's alg is not one of " + String.join(", ", algorithms));
            }
            if (!(header.get("jwk") instanceof Map<?, ?> jwk)) {
                throw invalid("the DPoP proof has no jwk");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwkMembers = (Map<String, Object>) jwk;
            key = PublicJwk.parse(jwkMembers);
            if (!key.fits(alg) || !key.verifies(alg, parts[0] + "." + parts[1], b64.decode(parts[2]))) {
                throw invalid("the DPoP proof's signature is not valid");
            }
            claims = JsonReader.object(new String(b64.decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw invalid("the DPoP proof is malformed");
        }
        if (!(claims.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > 256) {
            throw invalid("the DPoP proof has no usable jti");
        }
        if (!request.method().equals(claims.get("htm"))) {
            throw invalid("the DPoP proof's htm is not this request's method");
        }
        if (!(claims.get("htu") instanceof String claimedHtu) || !htuMatches(claimedHtu, htu, request, issuer)) {
            throw invalid("the DPoP proof's htu is not this request's URL");
        }
        if (!(claims.get("iat") instanceof Long iat)) {
            throw invalid("the DPoP proof has no iat");
        }
        Instant issuedAt = Instant.ofEpochSecond(iat);
        if (issuedAt.isBefore(now.minus(window)) || issuedAt.isAfter(now.plus(window))) {
            throw invalid("the DPoP proof's iat is outside the accepted window");
        }
        if (accessToken != null) {
            String ath = B64.encodeToString(Digests.sha256Bytes(accessToken.getBytes(StandardCharsets.US_ASCII)));
            if (!(claims.get("ath") instanceof String claimed) || !Digests.constantTimeEquals(ath, claimed)) {
                throw invalid("the DPoP proof's ath is not this access token's hash");
            }
        }
        if (nonceSecret != null) {
            long step = now.getEpochSecond() / nonceLifetime.toSeconds();
            Object nonce = claims.get("nonce");
            if (!(nonce instanceof String n) || !(n.equals(nonce(step)) || n.equals(nonce(step - 1)))) {
                throw new ProofError(ErrorCode.USE_DPOP_NONCE, "the DPoP proof must carry the server's nonce",
                        nonce(step));
            }
        }
        // one use within the window, in every process: the store's atomic add decides
        Instant forgetAt = issuedAt.plus(window).plus(window);
        if (!engine.ephemeralStore().add(JTI_KIND, engine.digest(key.thumbprint() + " " + jti), "1", forgetAt)) {
            throw invalid("the DPoP proof was used before");
        }
        return new Proof(key.thumbprint());
    }

    private ProofError invalid(String explanation) {
        return new ProofError(ErrorCode.INVALID_DPOP_PROOF, explanation, null);
    }

    /** RFC 9449 §4.3: the URI without query and fragment, compared after syntax-based normalization. */
    private static boolean htuMatches(String claimed, @Nullable String expected, Request request, String issuer) {
        URI uri;
        try {
            uri = new URI(claimed);
        } catch (Exception e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() == null) {
            return false;
        }
        String origin = origin(uri);
        String path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (expected != null) {
            URI want = URI.create(expected);
            return origin.equals(origin(want)) && path.equals(want.getRawPath());
        }
        URI iss = URI.create(issuer);
        String host = request.header("host");
        boolean ourOrigin = origin.equals(origin(iss))
                || host != null && origin.equals(iss.getScheme().toLowerCase(Locale.ROOT) + "://" + host.toLowerCase(Locale.ROOT)
                        .replaceFirst(":(80|443)$", ""));
        return ourOrigin && path.endsWith(request.path());
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || "https".equals(scheme) && port == 443 || "http".equals(scheme) && port == 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private String nonce(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Objects.requireNonNull(nonceSecret), "HmacSHA256"));
            byte[] h = mac.doFinal(("dpop nonce " + step).getBytes(StandardCharsets.US_ASCII));
            return B64.encodeToString(java.util.Arrays.copyOf(h, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Options; the defaults accept the four algorithms below and a one-minute window, without nonces. */
    public static final class Builder {
        private List<String> algorithms = List.of("ES256", "EdDSA", "PS256", "RS256");
        private Duration window = Duration.ofSeconds(60);
        private byte @Nullable [] nonceSecret;
        private Duration nonceLifetime = Duration.ofMinutes(5);

        private Builder() {
        }

        /** Accepted proof algorithms, from ES256, EdDSA, PS256 and RS256. */
        public Builder algorithms(String... algs) {
            for (String alg : algs) {
                if (!List.of("ES256", "EdDSA", "PS256", "RS256").contains(alg)) {
                    throw new IllegalArgumentException("unsupported DPoP algorithm: " + alg);
                }
            }
            if (algs.length == 0) {
                throw new IllegalArgumentException("at least one algorithm");
            }
            this.algorithms = List.of(algs);
            return this;
        }

        /** How far a proof's {@code iat} may be from now, either way: 60 seconds by default. */
        public Builder window(Duration window) {
            if (window.isNegative() || window.toSeconds() < 1 || window.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("the window is between one second and ten minutes");
            }
            this.window = window;
            return this;
        }

        /**
         * Requires server nonces (RFC 9449 §8), derived from {@code secret} and the time, so that
         * every process given the same secret accepts the others' nonces without sharing state. A
         * nonce is good for its five-minute step and the next.
         */
        public Builder nonces(byte[] secret) {
            if (secret.length < 32) {
                throw new IllegalArgumentException("a nonce secret has at least 32 bytes");
            }
            this.nonceSecret = secret.clone();
            return this;
        }

        /** Requires server nonces with a random secret of this process (one process only). */
        public Builder nonces() {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            return nonces(secret);
        }

        public Dpop build() {
            return new Dpop(this);
        }
    }
}
