package org.oauth2kit.store;

import java.util.Objects;
import java.util.regex.Pattern;

import org.oauth2kit.internal.Digests;

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
        return "~" + Digests.sha256(id);
    }
}
