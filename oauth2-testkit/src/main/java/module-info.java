/**
 * The contract suites every oauth2kit store and web adapter runs, for use at test scope: extend
 * {@code StoreContract}, {@code ProviderContract}, {@code HttpContract} or {@code SiteAdapterContract}.
 */
module org.oauth2kit.testkit {
    requires transitive org.oauth2kit;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires transitive java.net.http;
    requires java.logging;
    requires jdk.httpserver;

    exports org.oauth2kit.testkit;
    // JUnit runs the suites' package-private lifecycle methods reflectively
    opens org.oauth2kit.testkit to org.junit.platform.commons;
}
