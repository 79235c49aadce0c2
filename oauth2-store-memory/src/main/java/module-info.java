/** Clients, tokens and codes in this JVM's memory: the embedded default store of oauth2kit. */
module org.oauth2kit.store.memory {
    requires transitive org.oauth2kit;

    exports org.oauth2kit.store.memory;
}
