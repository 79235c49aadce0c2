package org.oauth2kit.store.memcache;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
        return write(g -> tokenFields(g, token));
    }

    static AccessToken accessToken(String json) {
        return token(read(json));
    }

    static String refreshToken(AccessToken token, boolean redeemed) {
        return write(g -> {
            g.writeNumberField("v", VERSION);
            g.writeBooleanField("redeemed", redeemed);
            g.writeObjectFieldStart("token");
            tokenFields(g, token);
            g.writeEndObject();
        });
    }

    static Redeemable<AccessToken> refreshToken(String json) {
        JsonNode node = read(json);
        return new Redeemable<>(token(required(node, "token")), required(node, "redeemed").asBoolean());
    }

    static String code(AuthorizationCode code, boolean redeemed) {
        return write(g -> {
            g.writeNumberField("v", VERSION);
            g.writeBooleanField("redeemed", redeemed);
            g.writeObjectFieldStart("code");
            g.writeNumberField("v", VERSION);
            g.writeStringField("code_digest", code.codeDigest());
            g.writeStringField("client_id", code.clientId());
            g.writeStringField("redirect_uri", code.redirectUri());
            array(g, "scopes", code.scopes());
            object(g, "data", code.data());
            g.writeStringField("code_challenge", code.codeChallenge());
            g.writeStringField("code_challenge_method", code.codeChallengeMethod());
            g.writeStringField("issued_at", code.issuedAt().toString());
            g.writeStringField("expires_at", code.expiresAt().toString());
            g.writeEndObject();
        });
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
        return write(g -> {
            g.writeNumberField("v", VERSION);
            g.writeStringField("revoked_until", rememberUntil.toString());
        });
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
        return write(g -> {
            g.writeNumberField("v", VERSION);
            g.writeStringField("expires_at", expiresAt.toString());
            g.writeStringField("value", value);
        });
    }

    /** What a taken record becomes: no value, so no later reader can get it. */
    static String takenEphemeral(Instant expiresAt) {
        return write(g -> {
            g.writeNumberField("v", VERSION);
            g.writeStringField("expires_at", expiresAt.toString());
            g.writeBooleanField("taken", true);
        });
    }

    static Ephemeral ephemeral(String json) {
        JsonNode node = read(json);
        required(node, "expires_at");
        Instant expiresAt = instant(node, "expires_at");
        return node.path("taken").asBoolean(false) ? new Ephemeral(null, expiresAt)
                : new Ephemeral(required(node, "value").asText(), expiresAt);
    }

    /** The members of a token, "v" first, into an object already started. */
    private static void tokenFields(JsonGenerator g, AccessToken token) throws IOException {
        g.writeNumberField("v", VERSION);
        g.writeStringField("token_digest", token.tokenDigest());
        g.writeStringField("client_id", token.clientId());
        g.writeStringField("grant_type", token.grantType());
        object(g, "data", token.data());
        array(g, "scopes", token.scopes());
        g.writeStringField("issued_at", token.issuedAt().toString());
        g.writeStringField("expires_at", token.expiresAt().toString());
        g.writeStringField("refresh_token_digest", token.refreshTokenDigest());
        g.writeStringField("refresh_expires_at",
                token.refreshExpiresAt() == null ? null : token.refreshExpiresAt().toString());
        g.writeStringField("family_id", token.familyId());
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

    private static void array(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    private static void object(JsonGenerator g, String name, Map<String, String> values) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : values.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
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

    private interface Members {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * One record: an object of {@code members}, "v" first. Written through
     * Jackson's streaming generator, without building a tree: this runs for every token issued.
     */
    private static String write(Members members) {
        StringWriter out = new StringWriter(320);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            members.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
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
