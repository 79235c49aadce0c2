package com.example.oauth;

import java.util.List;
import java.util.Map;

import org.oauth2kit.AccessToken;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.servlet.BearerTokenFilter;
import org.oauth2kit.servlet.OAuth2Servlet;
import org.oauth2kit.store.memory.MemoryClientStore;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * An OAuth 2.0 authorization server in Spring Boot: {@link OAuth2Servlet} serves the OAuth
 * endpoints next to Spring MVC, {@link BearerTokenFilter} protects {@code GET /api/me}.
 *
 * <p>{@code java -jar target/oauth2kit-example-spring-boot.jar [--server.port=8080] [--issuer=URL]
 * [--alice.password=...]}
 */
@SpringBootApplication
@RestController
public class AuthorizationServer {
    static final String REDIRECT_URI = "http://localhost:8081/callback";

    public static void main(String[] args) {
        SpringApplication.run(AuthorizationServer.class, args);
    }

    /** The OAuth side: clients, stores, grants and scopes. */
    @Bean
    Provider provider(@Value("${issuer:http://localhost:${server.port:8080}}") String issuer,
            @Value("${alice.password:wonderland}") String password) {
        MemoryClientStore clients = new MemoryClientStore();
        clients.addClient("abc", "xyz", List.of(REDIRECT_URI)); // confidential: a server-side web application
        clients.addClient(Client.builder("pub").redirectUri(REDIRECT_URI).build()); // public: no secret
        Scope scope = new Scope(List.of("read", "write"), "read");
        return Provider.builder()
                .issuer(issuer)
                .tokenStore(new MemoryTokenStore())
                .clientStore(clients)
                .siteAdapter(new SignInSiteAdapter(password, issuer.startsWith("https:")))
                .requirePkce(true) // of confidential clients too; public clients always need it
                .grant(new AuthorizationCodeGrant(scope))
                .grant(RefreshToken.builder().scope(scope).build())
                .build();
    }

    /** /authorize, /token, /revoke, /introspect and the metadata; Spring MVC keeps every other path. */
    @Bean
    ServletRegistrationBean<OAuth2Servlet> oauthEndpoints(Provider provider) {
        return new ServletRegistrationBean<>(new OAuth2Servlet(provider), provider.paths().toArray(String[]::new));
    }

    /** Only requests with a valid token for "read" get through to /api/. */
    @Bean
    FilterRegistrationBean<BearerTokenFilter> apiTokens(Provider provider) {
        FilterRegistrationBean<BearerTokenFilter> filter = new FilterRegistrationBean<>(
                new BearerTokenFilter(provider, "read"));
        filter.addUrlPatterns("/api/*");
        return filter;
    }

    @GetMapping("/api/me")
    ResponseEntity<Map<String, String>> me(
            @RequestAttribute(BearerTokenFilter.ACCESS_TOKEN_ATTRIBUTE) AccessToken token) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(Map.of("sub", token.subject(), "client_id", token.clientId()));
    }
}
