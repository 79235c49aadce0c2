package org.oauth2kit.store.memory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.oauth2kit.Client;
import org.oauth2kit.store.ClientRegistry;

/** Clients in memory, registered ones included; thread-safe. Secrets are kept as digests only (R3). */
public final class MemoryClientStore implements ClientRegistry {
    private final ConcurrentMap<String, Client> clients = new ConcurrentHashMap<>();

    /**
     * As in the seed: a confidential client (or a public one when {@code clientSecret} is null)
     * allowed every grant its type permits.
     */
    public Client addClient(String clientId, String clientSecret, List<String> redirectUris) {
        return addClient(Client.builder(clientId).secret(clientSecret).redirectUris(redirectUris).build());
    }

    /** Adds or replaces a client built with {@link Client#builder(String)}. */
    @Override
    public Client addClient(Client client) {
        Objects.requireNonNull(client, "client");
        clients.put(client.clientId(), client);
        return client;
    }

    @Override
    public boolean removeClient(String clientId) {
        return clients.remove(clientId) != null;
    }

    @Override
    public Optional<Client> fetchByClientId(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
    }
}
