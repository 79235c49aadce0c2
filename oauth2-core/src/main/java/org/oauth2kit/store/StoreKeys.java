package org.oauth2kit.store;

import java.util.Objects;

import org.oauth2kit.internal.Digests;

/**
 * Key parts for stores that keep entries under string keys (memcached, Redis): one rule, so that
 * every such store names an entry alike.
 */
public final class StoreKeys {

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
        return isPlain(id) ? id : "~" + Digests.sha256(id);
    }

    /** {@code [A-Za-z0-9._-]{1,128}}, by hand: this runs for every store operation. */
    private static boolean isPlain(String id) {
        int length = id.length();
        if (length == 0 || length > 128) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!plain) {
                return false;
            }
        }
        return true;
    }
}
