package org.oauth2kit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.oauth2kit.dpop.Dpop;
import org.oauth2kit.endpoint.AuthorizationRequestStage;
import org.oauth2kit.endpoint.Endpoint;
import org.oauth2kit.oidc.OpenIdConnect;

/**
 * The Provider's options, fixed when it is built: every endpoint receives this one immutable
 * object through its constructor, instead of reading the Provider.
 */
record Config(String issuer, String authorizePath, String tokenPath, String revocationPath,
        String introspectionPath, String metadataPath, Duration codeLifetime, Duration accessTokenLifetime,
        Clock clock, boolean requirePkce, boolean allowPlainPkce, int maxBodyBytes, int maxParameters,
        int maxParameterLength, String realm, boolean bearerInQuery, boolean bearerInForm,
        Predicate<Client> introspectionPolicy, @Nullable OpenIdConnect openIdConnect,
        Map<String, Endpoint> endpoints, List<AuthorizationRequestStage> stages, @Nullable Dpop dpop,
        Resources resources, boolean clientIdMetadataDocuments) {

    List<String> paths() {
        List<String> paths = new ArrayList<>(List.of(authorizePath, tokenPath, revocationPath, introspectionPath,
                metadataPath));
        if (openIdConnect != null) {
            paths.addAll(List.of(openIdConnect.discoveryPath(), openIdConnect.jwksPath(), openIdConnect.userinfoPath()));
        }
        paths.addAll(endpoints.keySet());
        return List.copyOf(paths);
    }

    /** RFC 8414 §3.1: the well-known name first, then the issuer's path (none for a host-only issuer). */
    String metadataLocation() {
        String issuerPath = java.net.URI.create(issuer).getRawPath();
        return "/.well-known/oauth-authorization-server" + (issuerPath == null ? "" : issuerPath);
    }
}
