/**
 * The oauth2kit core: the authorization server, its extension points (grants, scope policies,
 * stores, the SiteAdapter) and the neutral HTTP types adapters translate to. It needs nothing but
 * {@code java.base}. {@code org.oauth2kit.internal} is not exported: it is not API.
 */
module org.oauth2kit {
    // nullness annotations: read by tools at compile time, not needed at run time
    requires static org.jspecify;

    exports org.oauth2kit;
    exports org.oauth2kit.device;
    exports org.oauth2kit.dpop;
    exports org.oauth2kit.endpoint;
    exports org.oauth2kit.error;
    exports org.oauth2kit.exchange;
    exports org.oauth2kit.grant;
    exports org.oauth2kit.oidc;
    exports org.oauth2kit.par;
    exports org.oauth2kit.registration;
    exports org.oauth2kit.resource;
    exports org.oauth2kit.store;
    exports org.oauth2kit.token;
    exports org.oauth2kit.web;
}
