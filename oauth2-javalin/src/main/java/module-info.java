/** oauth2kit for Javalin 7: {@code OAuth2Plugin} and the {@code RequireScopes} route role. */
module org.oauth2kit.javalin {
    requires transitive org.oauth2kit;
    requires transitive io.javalin;

    exports org.oauth2kit.javalin;
}
