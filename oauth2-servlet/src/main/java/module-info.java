/** oauth2kit for any Servlet 6 container: {@code OAuth2Servlet} and {@code BearerTokenFilter}. */
module org.oauth2kit.servlet {
    requires transitive org.oauth2kit;
    requires transitive jakarta.servlet;

    exports org.oauth2kit.servlet;
}
