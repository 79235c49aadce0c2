package org.oauth2kit.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Key parts for stores that keep entries under string keys (memcached, Redis): one rule, so that
 * every such store names an entry alike.
 */
public final class StoreKeys {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private StoreKeys() {
    }

    /**
     * An id as a key part. Digests from the core are base64url and used as they are. Anything else
     * (a family id from a custom token generator, say) may hold characters a key cannot, or be too
     * long, so it is replaced by its SHA-256 in base64url; the leading {@code ~} marks that, and
     * cannot occur in a plain part.
     */
    public static String part(String id) {
        Objects.requireNonNull(id, "id");
        if (PLAIN.matcher(id).matches()) {
            return id;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
