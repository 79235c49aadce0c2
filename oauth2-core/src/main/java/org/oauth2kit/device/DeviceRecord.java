package org.oauth2kit.device;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.oauth2kit.endpoint.FormRecord;

/** A device authorization as its record holds it: the fields are form-encoded text. */
final class DeviceRecord {
    static final String PENDING = "pending";
    static final String APPROVED = "approved";
    static final String DENIED = "denied";
    private static final String USER = "user.";

    final String raw;
    final Map<String, String> fields;

    DeviceRecord(String raw) {
        this.raw = raw;
        this.fields = FormRecord.decode(raw);
    }

    String clientId() {
        return fields.get("client_id");
    }

    String status() {
        return fields.get("status");
    }

    List<String> scopes() {
        String s = fields.get("scope");
        return s == null || s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    boolean expired(Instant now) {
        return !now.isBefore(Instant.ofEpochSecond(Long.parseLong(fields.get("exp"))));
    }

    long interval() {
        return Long.parseLong(fields.get("interval"));
    }

    long lastPoll() {
        return Long.parseLong(fields.get("last_poll"));
    }

    String userCodeKey() {
        return fields.get("user_code");
    }

    /** What the SiteAdapter said about the person who allowed it. */
    Map<String, String> user() {
        Map<String, String> user = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(USER)) {
                user.put(k.substring(USER.length()), v);
            }
        });
        return user;
    }

    /** This record's text with some fields changed. */
    String with(Map<String, String> changes) {
        Map<String, String> next = new LinkedHashMap<>(fields);
        next.putAll(changes);
        return FormRecord.encode(next);
    }

    String decided(boolean allowed, Map<String, String> user) {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("status", allowed ? APPROVED : DENIED);
        user.forEach((k, v) -> changes.put(USER + k, v));
        return with(changes);
    }
}
