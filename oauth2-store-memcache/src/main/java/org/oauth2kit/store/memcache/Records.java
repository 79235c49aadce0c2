package org.oauth2kit.store.memcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;

/**
 * The JSON held in memcached. Written field by field rather than by reflection, so the stored
 * format is stated here, does not change when the core's types gain a method, and needs no
 * Jackson modules (instants are ISO-8601 strings, which round-trip exactly).
 */
final class Records {
    /** Format version, so a future release can read what this one wrote. */
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A code or refresh token together with its once-only flag; the flag is flipped by CAS. */
    record Redeemable<T>(T value, boolean redeemed) {
    }

    private Records() {
    }

    static String accessToken(AccessToken token) {
        return write(tokenNode(token));
    }

    static AccessToken accessToken(String json) {
        return token(read(json));
    }

    static String refreshToken(AccessToken token, boolean redeemed) {
        ObjectNode node = JSON.createObjectNode().put("v", VERSION).put("redeemed", redeemed);
        node.set("token", tokenNode(token));
        return write(node);
    }

    static Redeemable<AccessToken> refreshToken(String json) {
        JsonNode node = read(json);
        return new Redeemable<>(token(required(node, "token")), required(node, "redeemed").asBoolean());
    }

    static String code(AuthorizationCode code, boolean redeemed) {
        ObjectNode c = JSON.createObjectNode()
                .put("v", VERSION)
                .put("code_digest", code.codeDigest())
                .put("client_id", code.clientId())
                .put("redirect_uri", code.redirectUri());
        c.set("scopes", array(code.scopes()));
        c.set("data", object(code.data()));
        c.put("code_challenge", code.codeChallenge())
                .put("code_challenge_method", code.codeChallengeMethod())
                .put("issued_at", code.issuedAt().toString())
                .put("expires_at", code.expiresAt().toString());
        ObjectNode node = JSON.createObjectNode().put("v", VERSION).put("redeemed", redeemed);
        node.set("code", c);
        return write(node);
    }

    static Redeemable<AuthorizationCode> code(String json) {
        JsonNode node = read(json);
        JsonNode c = required(node, "code");
        try {
            AuthorizationCode code = new AuthorizationCode(text(c, "code_digest"), text(c, "client_id"),
                    text(c, "redirect_uri"), strings(c.path("scopes")), map(c.path("data")), text(c, "code_challenge"),
                    text(c, "code_challenge_method"), instant(c, "issued_at"), instant(c, "expires_at"));
            return new Redeemable<>(code, required(node, "redeemed").asBoolean());
        } catch (RuntimeException e) {
            throw unreadable(e);
        }
    }

    static String familyRevocation(Instant rememberUntil) {
        return write(JSON.createObjectNode().put("v", VERSION).put("revoked_until", rememberUntil.toString()));
    }

    static Instant familyRevocation(String json) {
        return instant(read(json), "revoked_until");
    }

    /**
     * An ephemeral record: its value, or null once taken, and the instant it ends, kept with the
     * value because memcached's {@code cas} sets the exptime anew and cannot read the old one.
     */
    record Ephemeral(String value, Instant expiresAt) {
        boolean taken() {
            return value == null;
        }
    }

    static String ephemeral(String value, Instant expiresAt) {
        return write(JSON.createObjectNode().put("v", VERSION).put("expires_at", expiresAt.toString())
                .put("value", value));
    }

    /** What a taken record becomes: no value, so no later reader can get it. */
    static String takenEphemeral(Instant expiresAt) {
        return write(JSON.createObjectNode().put("v", VERSION).put("expires_at", expiresAt.toString())
                .put("taken", true));
    }

    static Ephemeral ephemeral(String json) {
        JsonNode node = read(json);
        required(node, "expires_at");
        Instant expiresAt = instant(node, "expires_at");
        return node.path("taken").asBoolean(false) ? new Ephemeral(null, expiresAt)
                : new Ephemeral(required(node, "value").asText(), expiresAt);
    }

    private static ObjectNode tokenNode(AccessToken token) {
        ObjectNode node = JSON.createObjectNode()
                .put("v", VERSION)
                .put("token_digest", token.tokenDigest())
                .put("client_id", token.clientId())
                .put("grant_type", token.grantType());
        node.set("data", object(token.data()));
        node.set("scopes", array(token.scopes()));
        node.put("issued_at", token.issuedAt().toString())
                .put("expires_at", token.expiresAt().toString())
                .put("refresh_token_digest", token.refreshTokenDigest())
                .put("refresh_expires_at", token.refreshExpiresAt() == null ? null : token.refreshExpiresAt().toString())
                .put("family_id", token.familyId());
        return node;
    }

    private static AccessToken token(JsonNode n) {
        try {
            return new AccessToken(text(n, "token_digest"), text(n, "client_id"), text(n, "grant_type"),
                    map(n.path("data")), strings(n.path("scopes")), instant(n, "issued_at"), instant(n, "expires_at"),
                    text(n, "refresh_token_digest"), instant(n, "refresh_expires_at"), text(n, "family_id"));
        } catch (RuntimeException e) {
            throw unreadable(e);
        }
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ObjectNode object(Map<String, String> values) {
        ObjectNode object = JSON.createObjectNode();
        values.forEach(object::put);
        return object;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>(array.size());
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    /** A text member; null when absent or JSON null. */
    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String name) {
        String value = text(node, name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw unreadable(e);
        }
    }

    private static JsonNode required(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("unreadable record in memcached: no \"" + name + "\"");
        }
        return value;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalStateException("unreadable record in memcached: not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * A value at one of this store's keys that it cannot read: another application writing under
     * the same prefix, or a newer format. Failing loudly beats treating it as absent.
     */
    private static IllegalStateException unreadable(Exception cause) {
        return new IllegalStateException("unreadable record in memcached (is another application using this key "
                + "prefix?): " + cause.getMessage(), cause);
    }
}
