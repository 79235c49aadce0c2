package org.oauth2kit.store.jdbc;

import java.time.Duration;

import org.oauth2kit.store.ClientCache;
import org.oauth2kit.store.ClientRegistry;

/**
 * Dynamic client registration and management through a Provider whose clients are in PostgreSQL
 * behind a {@link ClientCache} (R66): every rule holds as without the cache, because registration's
 * writes go through it.
 */
class JdbcCachedRegistrationContractTest extends JdbcRegistrationContractTest {
    @Override
    protected ClientRegistry createRegistry() {
        return ClientCache.of(super.createRegistry(), Duration.ofMinutes(5));
    }
}
