package org.oauth2kit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthClientError;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.internal.Digests;
import org.oauth2kit.internal.FormParser;
import org.oauth2kit.store.ClientStore;
import org.oauth2kit.web.Request;

/**
 * Client authentication at the token, revocation and introspection endpoints (R1, R2, R4).
 * An unknown client and a wrong secret take the same path: the presented secret is always hashed
 * and compared in constant time, against a dummy digest when there is nothing to compare with.
 */
final class ClientAuthentication {
    private static final String DUMMY_DIGEST = Digests.sha256("no client has this secret");

    /** The outcome: who the client is, and whether it tried Basic (for the 401 challenge). */
    record Result(Client client, boolean basicTried) {
    }

    /** Thrown with the information the 401 response needs. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final OAuthClientError error;
        final boolean basicTried;

        Failed(String explanation, boolean basicTried) {
            super(explanation, null, false, false);
            this.error = new OAuthClientError(ErrorCode.INVALID_CLIENT, explanation);
            this.basicTried = basicTried;
        }
    }

    private final ClientStore clients;

    /** @param clients a store whose "not found" is always {@code Optional.empty()} */
    ClientAuthentication(ClientStore clients) {
        this.clients = clients;
    }

    /**
     * @param allowPublic whether a public client may identify itself by {@code client_id} alone
     */
    Result authenticate(Request request, Params form, boolean allowPublic) {
        List<String> authorization = request.headers("authorization");
        if (authorization.size() > 1) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "more than one Authorization header");
        }
        String header = authorization.isEmpty() ? null : authorization.get(0);
        String bodyId = form.get("client_id");
        String bodySecret = form.get("client_secret");
        String clientId;
        String secret;
        boolean basic = false;
        if (header != null) {
            if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
                throw new Failed("client authentication must use HTTP Basic or the request body", true);
            }
            basic = true;
            String[] pair = decodeBasic(header.substring(6).trim());
            clientId = pair[0];
            secret = pair[1];
            if (bodySecret != null) {
                throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST,
                        "use one client authentication method, not HTTP Basic and client_secret together");
            }
            if (bodyId != null && !bodyId.equals(clientId)) {
                throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "client_id does not match the Authorization header");
            }
        } else {
            clientId = bodyId;
            secret = bodySecret;
        }
        if (clientId == null || clientId.isEmpty()) {
            throw new Failed("client authentication failed", basic);
        }
        Optional<Client> client = fetch(clientId);
        if (secret != null) {
            // Same work whether or not the client exists or has a secret (R2).
            String expected = client.map(Client::secretDigest).orElse(null);
            boolean match = Digests.constantTimeEquals(Digests.sha256(secret), expected == null ? DUMMY_DIGEST : expected);
            if (!match || expected == null) {
                throw new Failed("client authentication failed", basic);
            }
            return new Result(client.get(), basic);
        }
        if (client.isEmpty() || client.get().isConfidential() || !allowPublic) {
            throw new Failed("client authentication failed", basic);
        }
        return new Result(client.get(), false);
    }

    Optional<Client> fetch(String clientId) {
        return clients.fetchByClientId(clientId);
    }

    /** RFC 6749 §2.3.1: base64 of form-urlencoded id ':' form-urlencoded secret. */
    private static String[] decodeBasic(String encoded) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "malformed HTTP Basic credentials");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "malformed HTTP Basic credentials");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "malformed HTTP Basic credentials");
        }
        try {
            String id = decodeComponent(text.substring(0, colon));
            String secret = decodeComponent(text.substring(colon + 1));
            return new String[] {id, secret.isEmpty() ? null : secret};
        } catch (FormParser.MalformedException e) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "malformed HTTP Basic credentials");
        }
    }

    private static String decodeComponent(String s) throws FormParser.MalformedException {
        // Decoded directly, not as a one-parameter form: the id and secret are on every token
        // request, and building a parameter map for each of them showed in profiles.
        return FormParser.decodeComponent(s, 1024);
    }
}
