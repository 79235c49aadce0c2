package org.oauth2kit.oidc;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.oauth2kit.internal.Json;
import org.oauth2kit.internal.JwkKeys;

/**
 * A key that signs ID tokens (JWS, RFC 7515), with the algorithm it signs with and its key id
 * ({@code kid}), and the public half as a JWK (RFC 7517) for the JWKS endpoint. RS256 (RSA, 2048
 * bits or more), ES256 (EC P-256) and EdDSA (Ed25519), all with the JDK's {@code java.security}.
 *
 * <p>Keys come from wherever the application keeps them: a PKCS#12 or PEM file read with
 * {@link java.security.KeyStore} / {@link java.security.KeyFactory}, a key management service.
 * {@link #generate} makes a fresh one: every process that serves the same issuer must sign with
 * keys they all publish, so generated keys are for development and tests only.
 */
public final class SigningKey {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String kid;
    private final String alg;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String jwk;

    private SigningKey(String kid, String alg, KeyPair pair) {
        this.kid = requireKid(kid);
        this.alg = alg;
        this.privateKey = Objects.requireNonNull(pair.getPrivate(), "private key");
        this.publicKey = Objects.requireNonNull(pair.getPublic(), "public key");
        this.jwk = jwk(kid, alg, publicKey);
    }

    /** An RSA key signing with RS256; the modulus must have 2048 bits or more. */
    public static SigningKey rs256(String kid, KeyPair pair) {
        if (!(pair.getPublic() instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("RS256 needs an RSA key of at least 2048 bits");
        }
        return new SigningKey(kid, "RS256", pair);
    }

    /** An EC P-256 key signing with ES256. */
    public static SigningKey es256(String kid, KeyPair pair) {
        if (!(pair.getPublic() instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("ES256 needs an EC key on P-256");
        }
        return new SigningKey(kid, "ES256", pair);
    }

    /** An Ed25519 key signing with EdDSA (RFC 8037). */
    public static SigningKey eddsa(String kid, KeyPair pair) {
        if (!"EdDSA".equals(pair.getPublic().getAlgorithm()) && !"Ed25519".equals(pair.getPublic().getAlgorithm())) {
            throw new IllegalArgumentException("EdDSA needs an Ed25519 key");
        }
        return new SigningKey(kid, "EdDSA", pair);
    }

    /**
     * A new key for {@code alg} ({@code RS256}, {@code ES256} or {@code EdDSA}) with a random key id.
     * For development and tests: a key that lives in one process's memory cannot be shared by
     * several processes, and is gone with a restart (every ID token it signed then fails).
     */
    public static SigningKey generate(String alg) {
        System.getLogger("org.oauth2kit").log(System.Logger.Level.WARNING, "generated a " + alg + " signing key in "
                + "memory: fit for development and tests only; tokens it signs fail after a restart and in other "
                + "processes. Load the keys from a file or a key service in production.");
        try {
            String kid = B64.encodeToString(randomBytes(12));
            return switch (alg) {
                case "RS256" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    yield rs256(kid, g.generateKeyPair());
                }
                case "ES256" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    yield es256(kid, g.generateKeyPair());
                }
                case "EdDSA" -> eddsa(kid, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
                default -> throw new IllegalArgumentException("unsupported algorithm: " + alg);
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + alg + " key", e);
        }
    }

    /**
     * A key from a private JWK (RFC 7517, RFC 7518 §6, RFC 8037): {@code kty} {@code RSA} (with
     * {@code n}, {@code e}, {@code d}, {@code p}, {@code q}, {@code dp}, {@code dq}, {@code qi}),
     * {@code EC} on {@code P-256} ({@code x}, {@code y}, {@code d}) or {@code OKP} {@code Ed25519}
     * ({@code x}, {@code d}). Its {@code kid} is required; {@code alg}, when present, must fit the key.
     */
    public static SigningKey fromJwk(String jwk) {
        java.util.Map<String, Object> k = org.oauth2kit.internal.JsonReader.object(jwk);
        String kid = text(k, "kid");
        try {
            SigningKey key = switch (text(k, "kty")) {
                case "RSA" -> {
                    BigInteger n = big(k, "n");
                    BigInteger e = big(k, "e");
                    yield rs256(kid, new KeyPair(JwkKeys.rsaPublic(n, e),
                            java.security.KeyFactory.getInstance("RSA").generatePrivate(
                                    new java.security.spec.RSAPrivateCrtKeySpec(n, e, big(k, "d"), big(k, "p"),
                                            big(k, "q"), big(k, "dp"), big(k, "dq"), big(k, "qi")))));
                }
                case "EC" -> {
                    if (!"P-256".equals(k.get("crv"))) {
                        throw new IllegalArgumentException("only EC keys on P-256 are supported");
                    }
                    yield es256(kid, new KeyPair(JwkKeys.p256Public(big(k, "x"), big(k, "y")),
                            JwkKeys.p256Private(big(k, "d"))));
                }
                case "OKP" -> {
                    if (!"Ed25519".equals(k.get("crv"))) {
                        throw new IllegalArgumentException("only OKP keys on Ed25519 are supported");
                    }
                    yield eddsa(kid, new KeyPair(JwkKeys.ed25519Public(Base64.getUrlDecoder().decode(text(k, "x"))),
                            JwkKeys.ed25519Private(Base64.getUrlDecoder().decode(text(k, "d")))));
                }
                default -> throw new IllegalArgumentException("unsupported kty: " + k.get("kty"));
            };
            Object alg = k.get("alg");
            if (alg != null && !alg.equals(key.alg())) {
                throw new IllegalArgumentException("the JWK says alg " + alg + " but holds a " + key.alg() + " key");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable private JWK: " + e.getMessage(), e);
        }
    }

    /**
     * A key from a PKCS#12 key store (what {@code openssl pkcs12 -export} or {@code keytool} make):
     * the private key under {@code alias} and its certificate's public key; the algorithm follows
     * the key (RSA: RS256, EC P-256: ES256, Ed25519: EdDSA).
     */
    public static SigningKey fromPkcs12(java.nio.file.Path file, char[] password, String alias, String kid)
            throws java.io.IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(in, password);
            java.security.Key key = store.getKey(alias, password);
            java.security.cert.Certificate cert = store.getCertificate(alias);
            if (!(key instanceof PrivateKey privateKey) || cert == null) {
                throw new IllegalArgumentException("no private key with a certificate under '" + alias + "' in " + file);
            }
            KeyPair pair = new KeyPair(cert.getPublicKey(), privateKey);
            return switch (privateKey.getAlgorithm()) {
                case "RSA" -> rs256(kid, pair);
                case "EC" -> es256(kid, pair);
                default -> eddsa(kid, pair);
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the key store " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(java.util.Map<String, Object> jwk, String name) {
        if (!(jwk.get(name) instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("the JWK has no " + name);
        }
        return s;
    }

    private static BigInteger big(java.util.Map<String, Object> jwk, String name) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(text(jwk, name)));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    public String kid() {
        return kid;
    }

    /** The JWS algorithm: {@code RS256}, {@code ES256} or {@code EdDSA}. */
    public String alg() {
        return alg;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as a JWK (RFC 7517) with {@code kid}, {@code alg} and {@code use: sig}. */
    public String jwk() {
        return jwk;
    }

    /** A compact JWS (RFC 7515 §7.1) of {@code payload} (a JSON object), with {@code typ} in the header. */
    public String sign(String typ, String payload) {
        String header = Json.object().put("alg", alg).put("kid", kid).put("typ", typ).toString();
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signer = Signature.getInstance(switch (alg) {
                case "RS256" -> "SHA256withRSA";
                case "ES256" -> "SHA256withECDSA";
                default -> "Ed25519";
            });
            signer.initSign(privateKey);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            byte[] signature = signer.sign();
            if ("ES256".equals(alg)) {
                signature = derToJose(signature); // RFC 7518 §3.4: R and S, 32 bytes each, not DER
            }
            return input + "." + B64.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + alg + " failed", e);
        }
    }

    /**
     * Whether {@code input} (the JWS signing input, {@code header.payload}) carries a valid
     * signature by this key; {@code signature} as JWS encodes it (for ES256, R || S).
     */
    public boolean verifies(String input, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(switch (alg) {
                case "RS256" -> "SHA256withRSA";
                case "ES256" -> "SHA256withECDSAinP1363Format";
                default -> "Ed25519";
            });
            verifier.initVerify(publicKey);
            verifier.update(input.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // a signature of the wrong shape is simply not valid
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("verifying with " + alg + " failed", e);
        }
    }

    /** ECDSA's DER SEQUENCE { INTEGER r, INTEGER s } as the fixed-width R || S that JWS uses. */
    static byte[] derToJose(byte[] der) {
        int offset = 2;
        if ((der[1] & 0xff) == 0x81) {
            offset = 3;
        }
        int rLength = der[offset + 1];
        byte[] r = Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength);
        int sStart = offset + 2 + rLength;
        int sLength = der[sStart + 1];
        byte[] s = Arrays.copyOfRange(der, sStart + 2, sStart + 2 + sLength);
        byte[] out = new byte[64];
        copyUnsigned(r, out, 0);
        copyUnsigned(s, out, 32);
        return out;
    }

    private static void copyUnsigned(byte[] integer, byte[] out, int at) {
        byte[] magnitude = new BigInteger(1, integer).toByteArray();
        int start = magnitude.length > 32 ? magnitude.length - 32 : 0; // drop the sign byte
        int length = magnitude.length - start;
        System.arraycopy(magnitude, start, out, at + 32 - length, length);
    }

    private static String jwk(String kid, String alg, PublicKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("n", B64.encodeToString(unsigned(rsa.getModulus())));
            jwk.put("e", B64.encodeToString(unsigned(rsa.getPublicExponent())));
        } else if (key instanceof ECPublicKey ec) {
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("x", B64.encodeToString(fixed(ec.getW().getAffineX(), 32)));
            jwk.put("y", B64.encodeToString(fixed(ec.getW().getAffineY(), 32)));
        } else {
            // X.509 SubjectPublicKeyInfo of Ed25519: a 12-byte prefix, then the 32-byte key
            byte[] encoded = key.getEncoded();
            jwk.put("kty", "OKP");
            jwk.put("crv", "Ed25519");
            jwk.put("x", B64.encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length)));
        }
        jwk.put("kid", kid);
        jwk.put("alg", alg);
        jwk.put("use", "sig");
        StringBuilder sb = new StringBuilder();
        Json.value(sb, jwk);
        return sb.toString();
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger n, int length) {
        byte[] out = new byte[length];
        copyUnsigned(n.toByteArray(), out, 0);
        return out;
    }

    private static String requireKid(String kid) {
        if (kid == null || kid.isBlank()) {
            throw new IllegalArgumentException("a signing key needs a key id (kid)");
        }
        return kid;
    }
}
