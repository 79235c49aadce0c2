package org.oauth2kit.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Test
    @DisplayName("R52 a private JWK of each kind (RSA, EC P-256, Ed25519) loads, signs what its public key verifies, and publishes that public key")
    void fromJwk() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair r = rsa.generateKeyPair();
        RSAPrivateCrtKey rp = (RSAPrivateCrtKey) r.getPrivate();
        String rsaJwk = "{\"kty\":\"RSA\",\"kid\":\"r1\",\"alg\":\"RS256\",\"n\":\"" + b(rp.getModulus()) + "\",\"e\":\""
                + b(rp.getPublicExponent()) + "\",\"d\":\"" + b(rp.getPrivateExponent()) + "\",\"p\":\""
                + b(rp.getPrimeP()) + "\",\"q\":\"" + b(rp.getPrimeQ()) + "\",\"dp\":\"" + b(rp.getPrimeExponentP())
                + "\",\"dq\":\"" + b(rp.getPrimeExponentQ()) + "\",\"qi\":\"" + b(rp.getCrtCoefficient()) + "\"}";
        check(SigningKey.fromJwk(rsaJwk), r, "SHA256withRSA");

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair e = ec.generateKeyPair();
        ECPublicKey ep = (ECPublicKey) e.getPublic();
        String ecJwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"e1\",\"x\":\"" + b(ep.getW().getAffineX())
                + "\",\"y\":\"" + b(ep.getW().getAffineY()) + "\",\"d\":\"" + b(((ECPrivateKey) e.getPrivate()).getS())
                + "\"}";
        check(SigningKey.fromJwk(ecJwk), e, "SHA256withECDSAinP1363Format");

        KeyPair o = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] pub = o.getPublic().getEncoded();
        byte[] priv = o.getPrivate().getEncoded();
        String okpJwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"o1\",\"x\":\""
                + B64.encodeToString(Arrays.copyOfRange(pub, pub.length - 32, pub.length)) + "\",\"d\":\""
                + B64.encodeToString(Arrays.copyOfRange(priv, priv.length - 32, priv.length)) + "\"}";
        check(SigningKey.fromJwk(okpJwk), o, "Ed25519");
    }

    @Test
    @DisplayName("R52 a JWK without kid, of another curve, or whose alg does not fit is refused with a clear message")
    void badJwk() {
        assertThatThrownBy(() -> SigningKey.fromJwk("{\"kty\":\"oct\",\"kid\":\"x\",\"k\":\"AAAA\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kty");
        assertThatThrownBy(() -> SigningKey.fromJwk("{\"kty\":\"EC\",\"crv\":\"P-384\",\"kid\":\"x\"}"))
                .hasMessageContaining("P-256");
        assertThatThrownBy(() -> SigningKey.fromJwk("{\"kty\":\"RSA\",\"n\":\"AQAB\"}")).hasMessageContaining("kid");
        assertThatThrownBy(() -> SigningKey.fromJwk("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("R52 a PKCS#12 key store made by keytool loads and signs")
    void fromPkcs12(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("keys.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "signing", "-keyalg", "RSA", "-keysize", "2048",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit",
                "-dname", "CN=oauth2kit test", "-validity", "1").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(store)).isTrue();
        SigningKey key = SigningKey.fromPkcs12(store, "changeit".toCharArray(), "signing", "p1");
        assertThat(key.alg()).isEqualTo("RS256");
        String jws = key.sign("JWT", "{\"sub\":\"alice\"}");
        int dot = jws.lastIndexOf('.');
        assertThat(key.verifies(jws.substring(0, dot), Base64.getUrlDecoder().decode(jws.substring(dot + 1)))).isTrue();
    }

    private static void check(SigningKey key, KeyPair original, String jdkAlgorithm) throws Exception {
        String jws = key.sign("JWT", "{\"sub\":\"alice\"}");
        int dot = jws.lastIndexOf('.');
        Signature verifier = Signature.getInstance(jdkAlgorithm);
        verifier.initVerify(original.getPublic());
        verifier.update(jws.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(jws.substring(dot + 1)))).as(key.alg()).isTrue();
        assertThat(key.jwk()).contains("\"kid\":\"" + key.kid() + "\"").doesNotContain("\"d\"");
    }

    private static String b(BigInteger n) {
        byte[] bytes = n.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64.encodeToString(bytes);
    }
}
