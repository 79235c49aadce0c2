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
    private volatile Map<String, Grant> byType = Map.of();

    synchronized void add(Grant grant) {
        Map<String, Grant> next = new LinkedHashMap<>(byType);
        next.remove(grant.grantType());
        next.put(grant.grantType(), grant);
        byType = Map.copyOf(next);
        order.remove(grant.grantType());
        order.add(grant.grantType());
    }

    private final List<String> order = new ArrayList<>();

    /** The grant served at the token endpoint for this {@code grant_type}, if any. */
    Optional<TokenGrant> tokenGrant(String grantType) {
        return byType.get(grantType) instanceof TokenGrant g ? Optional.of(g) : Optional.empty();
    }

    /** The grant that answers this {@code response_type}, if any. */
    Optional<AuthorizationGrant> authorizationGrant(String responseType) {
        if (responseType == null) {
            return Optional.empty();
        }
        for (Grant g : byType.values()) {
            if (g instanceof AuthorizationGrant a && responseType.equals(a.responseType())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Every grant, in the order added. */
    synchronized List<Grant> all() {
        List<Grant> out = new ArrayList<>();
        for (String type : order) {
            out.add(byType.get(type));
        }
        return out;
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
