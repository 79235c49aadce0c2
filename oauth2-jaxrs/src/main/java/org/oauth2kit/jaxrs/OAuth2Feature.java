package org.oauth2kit.jaxrs;

import java.util.Objects;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

import org.oauth2kit.Provider;

/**
 * Everything a JAX-RS application needs, in one registration:
 * {@code resourceConfig.register(new OAuth2Feature(provider))}. It registers
 * {@link OAuth2Endpoints} (the Provider's endpoints) and {@link BearerTokenFilter} (protection of
 * {@link RequireScopes} methods) at {@link Priorities#AUTHENTICATION}.
 */
public final class OAuth2Feature implements Feature {
    private final Provider provider;

    public OAuth2Feature(Provider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new OAuth2Endpoints(provider));
        context.register(new BearerTokenFilter(provider), Priorities.AUTHENTICATION);
        return true;
    }
}
