package org.oauth2kit.grant;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.oauth2kit.Client;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.jspecify.annotations.Nullable;

/**
 * Handling of the {@code scope} parameter, as in the seed's {@code oauth2.grant.Scope}.
 *
 * <p>With neither {@code available} nor {@code default} the parameter is ignored and tokens carry
 * no scope (the seed's default). With {@code available}, every requested scope must be in it
 * ({@code invalid_scope} otherwise); an absent or empty {@code scope} falls back to the default,
 * and without a default it is {@code invalid_scope} (RFC 6749 §3.3).
 *
 * <p>{@link #dropUnknown()} gives python-oauth2's other documented behaviour: scopes that are not
 * available are left out instead of refused (RFC 6749 §3.3 allows it; the token response then
 * names the scope granted), and {@code invalid_scope} comes only when nothing is left and there
 * is no default.
 */
public final class Scope implements ScopePolicy {
    private final @Nullable List<String> available;
    private final List<String> defaultScopes;
    private final boolean dropUnknown;

    /**
     * @param available    every scope that may be requested; null for "ignore scopes"
     * @param defaultScope scope(s) used when none is requested, space-separated; may be null
     */
    public Scope(@Nullable List<String> available, @Nullable String defaultScope) {
        this(available, defaultScope, false);
    }

    private Scope(@Nullable List<String> available, @Nullable String defaultScope, boolean dropUnknown) {
        this.dropUnknown = dropUnknown;
        this.available = available == null ? null : List.copyOf(available);
        this.defaultScopes = defaultScope == null ? List.of() : split(defaultScope);
        for (String scope : defaultScopes) {
            checkToken(scope);
            if (this.available != null && !this.available.contains(scope)) {
                throw new IllegalArgumentException("default scope '" + scope + "' is not among the available scopes");
            }
        }
        if (this.available != null) {
            this.available.forEach(Scope::checkToken);
        }
    }

    /** Ignores the {@code scope} parameter. */
    public Scope() {
        this(null, null);
    }

    /** The same policy, leaving out requested scopes that are not available instead of refusing them. */
    public Scope dropUnknown() {
        return new Scope(available, defaultScopes.isEmpty() ? null : String.join(" ", defaultScopes), true);
    }

    /**
     * {@link #parse}, then, for a client registered with a {@code scope} (RFC 7591 §2), only scopes
     * within it: asking for another is {@code invalid_scope}, and a default outside it is dropped.
     */
    @Override
    public List<String> grant(@Nullable String requested, Client client) {
        List<String> granted = parse(requested);
        String registered = client.metadata("scope");
        if (registered == null || granted.isEmpty()) {
            return granted;
        }
        List<String> allowed = split(registered);
        if (requested != null && !requested.isBlank()) {
            for (String scope : granted) {
                if (!allowed.contains(scope)) {
                    throw new OAuthInvalidError(ErrorCode.INVALID_SCOPE, "this client is not registered for scope " + scope);
                }
            }
            return granted;
        }
        List<String> within = granted.stream().filter(allowed::contains).toList();
        if (within.isEmpty()) {
            throw new OAuthInvalidError(ErrorCode.INVALID_SCOPE, "scope is required: the default is not among this client's");
        }
        return within;
    }

    /** The available and default scopes, for {@code scopes_supported}. */
    @Override
    public List<String> supported() {
        Set<String> all = new LinkedHashSet<>(available());
        all.addAll(defaultScopes);
        return List.copyOf(all);
    }

    /** The scopes that may be requested; empty when scopes are ignored. */
    public List<String> available() {
        return available == null ? List.of() : available;
    }

    public List<String> defaultScopes() {
        return defaultScopes;
    }

    /** True when this grant pays attention to {@code scope} at all. */
    public boolean isEnabled() {
        return available != null || !defaultScopes.isEmpty();
    }

    /**
     * Parses a requested {@code scope} value (space-separated, may be null).
     *
     * @return the granted scopes in request order, without duplicates
     * @throws OAuthInvalidError {@code invalid_scope}
     */
    public List<String> parse(@Nullable String requested) {
        if (!isEnabled()) {
            return List.of();
        }
        if (requested == null || requested.isBlank()) {
            if (defaultScopes.isEmpty()) {
                throw new OAuthInvalidError(ErrorCode.INVALID_SCOPE, "scope is required");
            }
            return defaultScopes;
        }
        List<String> scopes = split(requested);
        List<String> granted = new ArrayList<>(scopes.size());
        for (String scope : scopes) {
            if (!isToken(scope)) {
                throw new OAuthInvalidError(ErrorCode.INVALID_SCOPE, "malformed scope");
            }
            if (available != null && !available.contains(scope)) {
                if (!dropUnknown) {
                    throw new OAuthInvalidError(ErrorCode.INVALID_SCOPE, "unknown scope: " + scope);
                }
            } else {
                granted.add(scope);
            }
        }
        if (granted.isEmpty()) {
            if (defaultScopes.isEmpty()) {
                throw new OAuthInvalidError(ErrorCode.INVALID_SCOPE, "none of the requested scopes is available");
            }
            return defaultScopes;
        }
        return granted.size() == scopes.size() ? scopes : List.copyOf(granted);
    }

    static List<String> split(String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : value.split(" ")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return List.copyOf(new ArrayList<>(out));
    }

    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    static boolean isToken(String s) {
        if (s.isEmpty() || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static void checkToken(String s) {
        if (!isToken(s)) {
            throw new IllegalArgumentException("not a valid scope token: '" + s + "'");
        }
    }
}
