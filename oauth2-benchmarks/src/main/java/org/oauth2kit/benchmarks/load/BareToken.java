package org.oauth2kit.benchmarks.load;

import java.nio.charset.StandardCharsets;

import org.oauth2kit.token.SecureRandomTokenGenerator;
import org.oauth2kit.token.TokenGenerator;

/**
 * What every bare token endpoint does once it has read the form and the Authorization header:
 * check both are there, make a token of 32 random bytes (base64url) and write the token-shaped
 * JSON. No client is looked up, nothing is hashed or stored: the floor a framework sets for a
 * token endpoint, against which the oauth2kit adapter on the same framework is measured.
 */
final class BareToken {
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";
    static final String CACHE_CONTROL = "Cache-Control";
    static final String NO_STORE = "no-store";

    // The same generator as oauth2kit's default, so that the comparison is about everything else.
    private static final TokenGenerator TOKENS = new SecureRandomTokenGenerator();
    private static final byte[] UNSUPPORTED = "{\"error\":\"unsupported_grant_type\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INVALID_CLIENT = "{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8);

    /** Status and body of the answer. */
    record Answer(int status, byte[] body) {
    }

    private BareToken() {
    }

    static Answer answer(String grantType, String authorization) {
        if (!"client_credentials".equals(grantType)) {
            return new Answer(400, UNSUPPORTED);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Answer(401, INVALID_CLIENT);
        }
        String json = "{\"access_token\":\"" + TOKENS.generate()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"read\"}";
        return new Answer(200, json.getBytes(StandardCharsets.UTF_8));
    }
}
