package org.oauth2kit.resource;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A resource server this authorization server issues tokens for (RFC 8707), described as RFC 9728
 * publishes it. Its identifier is an absolute https (or, for development, http) URI without a
 * fragment: clients name it in {@code resource}, tokens carry it in {@code aud}, and a bearer check
 * at a path under it accepts only tokens whose audience includes it.
 *
 * <p>The Provider serves its metadata at {@code /.well-known/oauth-protected-resource} followed by
 * the identifier's path (RFC 9728 §3.1) and names that URL in {@code resource_metadata} of the
 * 401 challenges of requests under the identifier's path.
 */
public final class ProtectedResource {
    /** RFC 9728 §3: the well-known name. */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final String identifier;
    private final List<String> scopes;
    private final @Nullable String name;
    private final String path;
    private final String origin;

    private ProtectedResource(String identifier, List<String> scopes, @Nullable String name) {
        URI uri;
        try {
            uri = new URI(identifier);
        } catch (Exception e) {
            throw new IllegalArgumentException("a resource identifier is a URI: " + identifier);
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null || uri.getRawQuery() != null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(
                    "a resource identifier is an absolute http(s) URI without query or fragment (RFC 8707 §2): " + identifier);
        }
        this.identifier = identifier;
        this.scopes = List.copyOf(scopes);
        this.name = name;
        String p = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.path = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        this.origin = uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://"
                + uri.getRawAuthority().toLowerCase(java.util.Locale.ROOT);
    }

    /** A resource with this identifier, its scopes (for {@code scopes_supported}) and an optional name. */
    public static ProtectedResource of(String identifier, List<String> scopes, @Nullable String name) {
        return new ProtectedResource(Objects.requireNonNull(identifier, "identifier"), scopes, name);
    }

    public static ProtectedResource of(String identifier) {
        return of(identifier, List.of(), null);
    }

    public String identifier() {
        return identifier;
    }

    public List<String> scopes() {
        return scopes;
    }

    public @Nullable String name() {
        return name;
    }

    /** The identifier's path without a trailing '/'; empty for a whole host. */
    public String path() {
        return path;
    }

    /** Where its metadata is served, as a path from the host's root (RFC 9728 §3.1). */
    public String metadataPath() {
        return WELL_KNOWN + path;
    }

    /** The full URL of its metadata, on the identifier's own origin. */
    public String metadataUrl() {
        return origin + metadataPath();
    }

    /** The identifier's scheme and authority, e.g. {@code https://api.example}. */
    public String origin() {
        return origin;
    }

    /** Whether a request to {@code requestPath} (on this resource's origin) is a request to this resource. */
    public boolean covers(String requestPath) {
        return path.isEmpty() || requestPath.equals(path) || requestPath.startsWith(path + "/");
    }
}
