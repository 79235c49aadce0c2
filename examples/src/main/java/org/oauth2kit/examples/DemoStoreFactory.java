package org.oauth2kit.examples;

import java.io.PrintStream;

import org.oauth2kit.examples.DemoOptions.UsageException;

/** Makes the stores {@code --store} asks for, holding the demo clients. */
final class DemoStoreFactory {
    private DemoStoreFactory() {
    }

    static DemoStores create(DemoOptions options, PrintStream out) throws Exception {
        return switch (options.store()) {
            case MEMORY -> DemoStores.memory(DemoConfig.clients(options.redirectUris()));
            case MEMCACHE, MONGODB -> throw new UsageException("--store "
                    + options.store().name().toLowerCase(java.util.Locale.ROOT) + " is not part of this build");
        };
    }
}
