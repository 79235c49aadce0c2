package org.oauth2kit.testkit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * A DPoP client's key and proofs (RFC 9449 §4), made with {@code java.security} alone so that tests
 * do not check the server with its own code: ES256 on P-256, or Ed25519.
 */
public final class DpopProver {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String alg;
    private final KeyPair pair;
    private final String jwk;
    private final String thumbprint;

    private DpopProver(String alg, KeyPair pair, String jwk, String thumbprint) {
        this.alg = alg;
        this.pair = pair;
        this.jwk = jwk;
        this.thumbprint = thumbprint;
    }

    /** A fresh P-256 key, proofs signed ES256. */
    public static DpopProver es256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            ECPublicKey key = (ECPublicKey) pair.getPublic();
            String x = B64.encodeToString(fixed(key.getW().getAffineX()));
            String y = B64.encodeToString(fixed(key.getW().getAffineY()));
            String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
            return new DpopProver("ES256", pair, canonical, sha256(canonical));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh Ed25519 key, proofs signed EdDSA. */
    public static DpopProver eddsa() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] encoded = pair.getPublic().getEncoded();
            String x = B64.encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
            String canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
            return new DpopProver("EdDSA", pair, canonical, sha256(canonical));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RFC 7638 thumbprint of the public key: what tokens bound to it carry as {@code cnf.jkt}. */
    public String thumbprint() {
        return thumbprint;
    }

    /** The public key as a JWK. */
    public String jwk() {
        return jwk;
    }

    /** A proof for a request to the token endpoint. */
    public String proof(String htm, String htu, Instant iat) {
        return proof(htm, htu, iat, null, null);
    }

    /**
     * A proof; {@code accessToken} gives {@code ath} (at resources), {@code nonce} the server's nonce.
     */
    public String proof(String htm, String htu, Instant iat, String accessToken, String nonce) {
        String claims = "{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"" + htm + "\",\"htu\":\"" + htu
                + "\",\"iat\":" + iat.getEpochSecond()
                + (accessToken == null ? "" : ",\"ath\":\"" + sha256(accessToken) + "\"")
                + (nonce == null ? "" : ",\"nonce\":\"" + nonce + "\"") + "}";
        return sign("{\"typ\":\"dpop+jwt\",\"alg\":\"" + alg + "\",\"jwk\":" + jwk + "}", claims);
    }

    /** A JWS with this key over any header and claims, for proofs that are wrong on purpose. */
    public String sign(String header, String claims) {
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("ES256".equals(alg) ? "SHA256withECDSAinP1363Format" : "Ed25519");
            s.initSign(pair.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String alg() {
        return alg;
    }

    static String sha256(String s) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] fixed(BigInteger n) {
        byte[] b = n.toByteArray();
        byte[] out = new byte[32];
        int start = Math.max(0, b.length - 32);
        System.arraycopy(b, start, out, 32 - (b.length - start), b.length - start);
        return out;
    }
}
