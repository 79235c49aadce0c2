package org.oauth2kit.examples;

import java.util.List;
import java.util.Objects;

import org.oauth2kit.Client;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.ClientStore;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.store.memory.MemoryClientStore;
import org.oauth2kit.store.memory.MemoryTokenStore;

/**
 * The three stores a Provider needs, plus what to close when the demo stops (connections, an
 * in-process database server).
 *
 * @param description one line for the startup banner, e.g. {@code memory}
 */
public record DemoStores(AccessTokenStore tokens, AuthCodeStore codes, ClientStore clients, EphemeralStore ephemeral,
        String description,
        AutoCloseable resources) implements AutoCloseable {

    public DemoStores {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(ephemeral, "ephemeral");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(resources, "resources");
    }

    /** Everything in this process's memory: the embedded default, gone when the process ends. */
    public static DemoStores memory(List<Client> clients) {
        MemoryTokenStore tokens = new MemoryTokenStore();
        return new DemoStores(tokens, tokens, memoryClients(clients), tokens, "memory (tokens live as long as this process)",
                () -> { });
    }

    static MemoryClientStore memoryClients(List<Client> clients) {
        MemoryClientStore store = new MemoryClientStore();
        clients.forEach(store::addClient);
        return store;
    }

    /** Closes connections and servers; a failure is reported, not thrown, since the demo is stopping anyway. */
    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            System.err.println("The stores did not close cleanly: " + e);
        }
    }
}
