package org.oauth2kit.grant;

import java.util.List;

import org.oauth2kit.Client;
import org.jspecify.annotations.Nullable;

/**
 * Decides which scopes a request gets (RFC 6749 §3.3), as python-oauth2's {@code scope_class}.
 * {@link Scope} is the built-in policy; an application may write its own, e.g. scopes per client.
 */
public interface ScopePolicy {

    /**
     * The scopes granted for a request.
     *
     * @param requested the {@code scope} parameter as sent, space-separated; null when absent
     * @param client    the client asking
     * @return the granted scopes, in order, without duplicates; empty when the grant ignores scope
     * @throws org.oauth2kit.error.OAuthInvalidError {@code invalid_scope}
     */
    List<String> grant(@Nullable String requested, Client client);

    /** Every scope a client may request, for {@code scopes_supported} in the metadata; may be empty. */
    default List<String> supported() {
        return List.of();
    }
}
