/** oauth2kit for JAX-RS 4 (Jersey, RESTEasy): {@code OAuth2Feature} and {@code @RequireScopes}. */
module org.oauth2kit.jaxrs {
    requires transitive org.oauth2kit;
    requires transitive jakarta.ws.rs;

    exports org.oauth2kit.jaxrs;
    // JAX-RS providers are instantiated and injected by the implementation, reflectively
    opens org.oauth2kit.jaxrs to jakarta.ws.rs;
}
