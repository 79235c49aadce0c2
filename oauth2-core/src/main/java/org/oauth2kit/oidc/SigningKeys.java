package org.oauth2kit.oidc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.oauth2kit.internal.Json;

/**
 * The keys of an OpenID Provider: the current one signs; the previous ones are still published on
 * the JWKS endpoint, so tokens they signed keep validating until they expire (rotation: add a new
 * current key, keep the old one as previous for at least the longest token lifetime, then drop it).
 */
public final class SigningKeys {
    private final SigningKey current;
    private final List<SigningKey> previous;
    private final String jwks;

    private SigningKeys(SigningKey current, List<SigningKey> previous) {
        this.current = Objects.requireNonNull(current, "current");
        this.previous = List.copyOf(previous);
        List<String> keys = new ArrayList<>();
        keys.add(current.jwk());
        this.previous.forEach(k -> keys.add(k.jwk()));
        if (keys.stream().map(k -> k).distinct().count() != keys.size()) {
            throw new IllegalArgumentException("the same key twice");
        }
        this.jwks = Json.object().putRaw("keys", "[" + String.join(",", keys) + "]").toString();
    }

    /** Signs with {@code current}; publishes it and {@code previous}. */
    public static SigningKeys of(SigningKey current, SigningKey... previous) {
        return new SigningKeys(current, List.of(previous));
    }

    public SigningKey current() {
        return current;
    }

    public List<SigningKey> previous() {
        return previous;
    }

    /** The published key with this {@code kid}: the current one or a previous one. */
    public java.util.Optional<SigningKey> find(String kid) {
        if (current.kid().equals(kid)) {
            return java.util.Optional.of(current);
        }
        return previous.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    /** The JWK Set (RFC 7517 §5) the JWKS endpoint serves. */
    public String jwks() {
        return jwks;
    }
}
