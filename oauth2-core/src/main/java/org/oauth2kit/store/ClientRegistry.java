package org.oauth2kit.store;

import org.oauth2kit.Client;

/**
 * A client store that clients can be written to: what dynamic client registration (RFC 7591) and
 * its management (RFC 7592) need. A client is kept whole, {@link Client#metadata()} included, and
 * read back equal. May throw {@link org.oauth2kit.error.StoreUnavailableError}.
 *
 * <p>{@code oauth2-testkit}'s {@code ClientRegistryContract} states every rule as a test.
 */
public interface ClientRegistry extends ClientStore {

    /** Stores the client, replacing the one with the same id; returns it. */
    Client addClient(Client client);

    /** Removes the client; false when there was none. */
    boolean removeClient(String clientId);
}
