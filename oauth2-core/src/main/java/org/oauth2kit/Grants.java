package org.oauth2kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.oauth2kit.grant.AuthorizationGrant;
import org.oauth2kit.grant.Grant;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.TokenGrant;

/**
 * The grants a Provider serves, by {@code grant_type} and by {@code response_type}. A second grant
 * of the same type replaces the first. Reads see a consistent snapshot: the maps are replaced
 * whole, never changed in place.
 */
final class Grants {
    /** Token-endpoint grants by grant_type. */
    private volatile Map<String, Grant> byType = Map.of();
    /** Authorization-endpoint grants by (normalized) response_type. */
    private volatile Map<String, AuthorizationGrant> byResponseType = Map.of();
    private final List<Grant> order = new ArrayList<>();

    /**
     * A grant answering a response type replaces the one answering the same response type; a token
     * grant replaces the one of the same grant type. So a response type of OpenID Connect may share
     * its grant type ({@code implicit}, {@code authorization_code}) with the grant it extends.
     */
    synchronized void add(Grant grant) {
        List<Grant> replaced = new ArrayList<>();
        if (grant instanceof AuthorizationGrant a) {
            String type = normalize(a.responseType());
            Map<String, AuthorizationGrant> next = new LinkedHashMap<>(byResponseType);
            AuthorizationGrant old = next.put(type, a);
            if (old != null) {
                replaced.add(old);
            }
            byResponseType = Map.copyOf(next);
        }
        if (grant instanceof TokenGrant || !(grant instanceof AuthorizationGrant)) {
            Map<String, Grant> next = new LinkedHashMap<>(byType);
            Grant old = next.put(grant.grantType(), grant);
            if (old != null) {
                replaced.add(old);
            }
            byType = Map.copyOf(next);
        } else if (!byType.containsKey(grant.grantType())) {
            // an authorization-endpoint-only grant (implicit) is still known by its grant type
            Map<String, Grant> next = new LinkedHashMap<>(byType);
            next.put(grant.grantType(), grant);
            byType = Map.copyOf(next);
        }
        order.removeAll(replaced);
        order.remove(grant);
        order.add(grant);
    }

    /** The grant served at the token endpoint for this {@code grant_type}, if any. */
    Optional<TokenGrant> tokenGrant(String grantType) {
        return byType.get(grantType) instanceof TokenGrant g ? Optional.of(g) : Optional.empty();
    }

    /** The grant that answers this {@code response_type} (its values in any order), if any. */
    Optional<AuthorizationGrant> authorizationGrant(String responseType) {
        return responseType == null ? Optional.empty()
                : Optional.ofNullable(byResponseType.get(normalize(responseType)));
    }

    /** {@code response_type} values are a set (RFC 6749 §3.1.1): {@code id_token code} is {@code code id_token}. */
    static String normalize(String responseType) {
        String[] parts = responseType.trim().split(" +");
        java.util.Arrays.sort(parts);
        return String.join(" ", parts);
    }

    /** Every grant, in the order added. */
    synchronized List<Grant> all() {
        return List.copyOf(order);
    }

    boolean has(String grantType) {
        return byType.containsKey(grantType);
    }

    Optional<RefreshToken> refreshGrant() {
        return byType.get(GrantTypes.REFRESH_TOKEN) instanceof RefreshToken r ? Optional.of(r) : Optional.empty();
    }

    /** How long revoked families and used codes must be remembered: the longest lifetime of anything. */
    Duration longestLifetime(Config config) {
        Duration longest = max(config.accessTokenLifetime(), config.codeLifetime());
        Optional<RefreshToken> refresh = refreshGrant();
        if (refresh.isPresent()) {
            longest = max(longest, refresh.get().refreshTokenLifetime());
            if (refresh.get().accessTokenLifetime() != null) {
                longest = max(longest, refresh.get().accessTokenLifetime());
            }
        }
        return longest;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
