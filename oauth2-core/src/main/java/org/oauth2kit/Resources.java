package org.oauth2kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.internal.Json;
import org.oauth2kit.resource.ProtectedResource;
import org.oauth2kit.web.Response;

/**
 * The resources this server issues tokens for (RFC 8707) and what it publishes about them (RFC
 * 9728). Without any, {@code resource} is ignored and tokens carry no audience, as before.
 */
final class Resources {
    static final Resources NONE = new Resources(List.of(), (c, r) -> true);

    private final Map<String, ProtectedResource> byIdentifier = new LinkedHashMap<>();
    private final BiPredicate<Client, String> policy;
    /** The issuer's scheme and authority, worked out on first use (the issuer never changes). */
    private volatile String issuerOrigin;

    Resources(List<ProtectedResource> resources, BiPredicate<Client, String> policy) {
        for (ProtectedResource r : resources) {
            if (byIdentifier.putIfAbsent(r.identifier(), r) != null) {
                throw new IllegalArgumentException("two resources named " + r.identifier());
            }
        }
        this.policy = policy;
    }

    boolean enabled() {
        return !byIdentifier.isEmpty();
    }

    List<ProtectedResource> all() {
        return List.copyOf(byIdentifier.values());
    }

    /** The requested resources if each is known and allowed to the client; else {@code invalid_target}. */
    List<String> check(Client client, List<String> requested) {
        for (String r : requested) {
            if (!byIdentifier.containsKey(r)) {
                throw new OAuthInvalidError(ErrorCode.INVALID_TARGET, "unknown resource: " + Text.safe(r));
            }
            if (!policy.test(client, r)) {
                throw new OAuthInvalidError(ErrorCode.INVALID_TARGET, "this client may not ask for resource " + Text.safe(r));
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(requested));
    }

    /** The audience when a client names no resource: every resource it may use (RFC 8707 §2: a default). */
    List<String> defaults(Client client) {
        List<String> out = new ArrayList<>();
        byIdentifier.keySet().stream().filter(r -> policy.test(client, r)).forEach(out::add);
        return out;
    }

    /**
     * The resource a request to this server belongs to: among the resources on the issuer's origin
     * (the others are served elsewhere), the one with the longest path that covers the request's.
     */
    Optional<ProtectedResource> at(String requestPath, String issuer) {
        if (byIdentifier.isEmpty()) {
            return Optional.empty(); // every bearer check asks: no parsing when there is nothing to find
        }
        String origin = issuerOrigin;
        if (origin == null) {
            java.net.URI iss = java.net.URI.create(issuer);
            origin = iss.getScheme().toLowerCase(java.util.Locale.ROOT) + "://"
                    + iss.getRawAuthority().toLowerCase(java.util.Locale.ROOT);
            issuerOrigin = origin;
        }
        ProtectedResource best = null;
        for (ProtectedResource r : byIdentifier.values()) {
            if (r.origin().equals(origin) && r.covers(requestPath)
                    && (best == null || r.path().length() > best.path().length())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The resource whose metadata is served at this path, if any. */
    Optional<ProtectedResource> metadataAt(String path) {
        return byIdentifier.values().stream().filter(r -> r.metadataPath().equals(path)).findFirst();
    }

    /** RFC 9728 §2-3: the resource's metadata document. */
    static Response metadata(ProtectedResource r, Config config) {
        Json json = Json.object().put("resource", r.identifier())
                .put("authorization_servers", List.of(config.issuer()))
                .put("bearer_methods_supported", config.bearerInForm() ? List.of("header", "body") : List.of("header"));
        if (!r.scopes().isEmpty()) {
            json.put("scopes_supported", r.scopes());
        }
        json.put("resource_name", r.name());
        if (config.dpop() != null) {
            json.put("dpop_signing_alg_values_supported", config.dpop().algorithms());
        }
        return Response.of(200, "application/json;charset=UTF-8", json.toString())
                .withHeader("Cache-Control", "public, max-age=300");
    }
}
