package org.oauth2kit.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * The key numbers of a JWK (RFC 7518 §6, RFC 8037) turned into {@code java.security} keys: one
 * place for the public halves that DPoP proofs carry and the private keys an OpenID Provider signs
 * with. Checking which members a JWK must or must not have is the caller's.
 */
public final class JwkKeys {
    // X.509 SubjectPublicKeyInfo of Ed25519: a fixed 12-byte prefix, then the 32-byte key
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
            0x21, 0x00};

    private JwkKeys() {
    }

    /** The curve of {@code crv: P-256}. */
    public static ECParameterSpec p256() throws GeneralSecurityException {
        java.security.AlgorithmParameters params = java.security.AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        return params.getParameterSpec(ECParameterSpec.class);
    }

    public static PublicKey rsaPublic(BigInteger n, BigInteger e) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    public static PublicKey p256Public(BigInteger x, BigInteger y) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), p256()));
    }

    public static PrivateKey p256Private(BigInteger d) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, p256()));
    }

    /** An Ed25519 public key from its 32 raw bytes ({@code x}). */
    public static PublicKey ed25519Public(byte[] x) throws GeneralSecurityException {
        if (x.length != 32) {
            throw new IllegalArgumentException("an Ed25519 key is 32 bytes");
        }
        byte[] spki = new byte[44];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, 12);
        System.arraycopy(x, 0, spki, 12, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** An Ed25519 private key from its 32 raw bytes ({@code d}). */
    public static PrivateKey ed25519Private(byte[] d) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, d));
    }
}
