package org.oauth2kit.dpop;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Map;

import org.oauth2kit.internal.Digests;
import org.oauth2kit.internal.JwkKeys;

/**
 * A public key from the {@code jwk} header of a DPoP proof (RFC 7517, RFC 7518 §6, RFC 8037), its
 * RFC 7638 thumbprint, and signature verification with the JDK's {@code java.security} only.
 * Anything malformed is an {@link IllegalArgumentException}.
 */
final class PublicJwk {
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    private final String kty;
    private final PublicKey key;
    private final String thumbprint;

    private PublicJwk(String kty, PublicKey key, String thumbprint) {
        this.kty = kty;
        this.key = key;
        this.thumbprint = thumbprint;
    }

    static PublicJwk parse(Map<String, Object> jwk) {
        if (jwk.containsKey("d") || jwk.containsKey("p") || jwk.containsKey("k")) {
            throw new IllegalArgumentException("the jwk holds private key material");
        }
        String kty = text(jwk, "kty");
        try {
            return switch (kty) {
                case "EC" -> {
                    if (!"P-256".equals(jwk.get("crv"))) {
                        throw new IllegalArgumentException("only EC keys on P-256");
                    }
                    String x = text(jwk, "x");
                    String y = text(jwk, "y");
                    PublicKey key = JwkKeys.p256Public(big(x, 32), big(y, 32));
                    yield new PublicJwk(kty, key, thumbprint("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x
                            + "\",\"y\":\"" + y + "\"}"));
                }
                case "RSA" -> {
                    String n = text(jwk, "n");
                    String e = text(jwk, "e");
                    BigInteger modulus = big(n, 1024);
                    if (modulus.bitLength() < 2048) {
                        throw new IllegalArgumentException("RSA keys have at least 2048 bits");
                    }
                    PublicKey key = JwkKeys.rsaPublic(modulus, big(e, 8));
                    yield new PublicJwk(kty, key, thumbprint("{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}"));
                }
                case "OKP" -> {
                    if (!"Ed25519".equals(jwk.get("crv"))) {
                        throw new IllegalArgumentException("only OKP keys on Ed25519");
                    }
                    String x = text(jwk, "x");
                    PublicKey key = JwkKeys.ed25519Public(B64.decode(x));
                    yield new PublicJwk(kty, key, thumbprint("{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}"));
                }
                default -> throw new IllegalArgumentException("unsupported kty: " + kty);
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable public key: " + e.getMessage(), e);
        }
    }

    /** RFC 7638 §3: SHA-256 of the required members, in lexicographic order, without whitespace. */
    String thumbprint() {
        return thumbprint;
    }

    /** Whether {@code alg} fits this key's type (a proof may not pick an algorithm of another family). */
    boolean fits(String alg) {
        return switch (alg) {
            case "ES256" -> "EC".equals(kty);
            case "RS256", "PS256" -> "RSA".equals(kty);
            case "EdDSA" -> "OKP".equals(kty);
            default -> false;
        };
    }

    /** Whether the JWS signing input carries a valid signature ({@code signature} as JWS encodes it). */
    boolean verifies(String alg, String input, byte[] signature) {
        try {
            Signature verifier = switch (alg) {
                case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
                case "RS256" -> Signature.getInstance("SHA256withRSA");
                case "PS256" -> {
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    yield s;
                }
                case "EdDSA" -> Signature.getInstance("Ed25519");
                default -> throw new IllegalArgumentException("unsupported alg: " + alg);
            };
            verifier.initVerify(key);
            verifier.update(input.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false; // a signature of the wrong shape is simply not valid
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("verifying with " + alg + " failed", e);
        }
    }

    private static String thumbprint(String canonical) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Digests.sha256Bytes(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Map<String, Object> jwk, String name) {
        if (!(jwk.get(name) instanceof String s) || s.isEmpty() || s.length() > 1024) {
            throw new IllegalArgumentException("the jwk lacks " + name);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // base64url only, so the canonical JSON of the thumbprint needs no escaping
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                if (!name.equals("kty")) {
                    throw new IllegalArgumentException("the jwk's " + name + " is not base64url");
                }
            }
        }
        return s;
    }

    private static BigInteger big(String b64, int maxBytes) {
        byte[] bytes = B64.decode(b64);
        if (bytes.length == 0 || bytes.length > Math.max(maxBytes, 1024)) {
            throw new IllegalArgumentException("a key number of the wrong size");
        }
        return new BigInteger(1, bytes);
    }
}
