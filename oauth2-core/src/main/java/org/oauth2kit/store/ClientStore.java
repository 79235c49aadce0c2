package org.oauth2kit.store;

import java.util.Optional;

import org.oauth2kit.Client;
import org.jspecify.annotations.Nullable;

/** Looks up registered clients. Clients hold a secret digest, never a secret (R3). */
public interface ClientStore {

    /**
     * The client with this id, or empty. May throw
     * {@link org.oauth2kit.error.ClientNotFoundError} instead of returning empty, as in the seed.
     */
    Optional<Client> fetchByClientId(@Nullable String clientId);
}
