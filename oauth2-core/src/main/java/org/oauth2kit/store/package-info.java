/**
 * What a store implements: {@link org.oauth2kit.store.AccessTokenStore}, {@link org.oauth2kit.store.AuthCodeStore}, {@link org.oauth2kit.store.ClientStore}.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.store;

import org.jspecify.annotations.NullMarked;
