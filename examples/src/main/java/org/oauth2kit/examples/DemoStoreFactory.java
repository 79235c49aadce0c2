package org.oauth2kit.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.oauth2kit.Client;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.examples.DemoOptions.UsageException;
import org.oauth2kit.store.memcache.MemcacheTokenStore;

/** Makes the stores {@code --store} asks for, holding the demo clients. */
final class DemoStoreFactory {
    private DemoStoreFactory() {
    }

    static DemoStores create(DemoOptions options, PrintStream out) throws Exception {
        List<Client> clients = DemoConfig.clients(options.redirectUris());
        return switch (options.store()) {
            case MEMORY -> DemoStores.memory(clients);
            case MEMCACHE -> memcache(options.memcachedServers(), clients);
            case MONGODB -> throw new UsageException("--store "
                    + options.store().name().toLowerCase(Locale.ROOT) + " is not part of this build");
        };
    }

    /** Tokens and codes in memcached; memcached keeps no clients, so they stay in memory. */
    private static DemoStores memcache(List<String> servers, List<Client> clients) {
        MemcacheTokenStore tokens = MemcacheTokenStore.builder().servers(servers.toArray(String[]::new)).build();
        try {
            tokens.fetchByToken("startup-probe"); // fails fast, with a clear message, when nothing answers
        } catch (StoreUnavailableError e) {
            tokens.close();
            throw new IllegalStateException("memcached at " + String.join(",", servers)
                    + " does not answer; start one (e.g. 'memcached -p 11211 -l 127.0.0.1') or pass --memcached host:port",
                    e);
        }
        return new DemoStores(tokens, tokens, DemoStores.memoryClients(clients),
                "memcached at " + String.join(",", servers) + " (clients in memory)", tokens::close);
    }
}
