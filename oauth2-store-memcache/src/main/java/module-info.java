/**
 * oauth2kit's tokens and codes in memcached, through spymemcached (whose jar names no module: its
 * module name is derived from the file name) with Jackson for the records.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.oauth2kit.store.memcache {
    requires transitive org.oauth2kit;
    requires transitive spymemcached;
    requires com.fasterxml.jackson.databind;

    exports org.oauth2kit.store.memcache;
}
