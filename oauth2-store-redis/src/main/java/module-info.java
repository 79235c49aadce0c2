/**
 * oauth2kit's tokens, codes and clients in Redis, standalone or Redis Cluster, through Lettuce (whose
 * jar names no module: its module name, {@code lettuce.core}, is derived by the JDK). Records are
 * written in a small format of the store's own and clients as JSON written and read here, so no
 * serialization library is needed.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.oauth2kit.store.redis {
    requires transitive org.oauth2kit;
    requires transitive lettuce.core;

    exports org.oauth2kit.store.redis;
}
