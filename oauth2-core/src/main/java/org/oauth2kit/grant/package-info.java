/**
 * Grants and scope handling: the public SPI ({@link org.oauth2kit.grant.TokenGrant}, {@link org.oauth2kit.grant.AuthorizationGrant}, {@link org.oauth2kit.grant.ScopePolicy}) and the five built-in grants written on it.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.grant;

import org.jspecify.annotations.NullMarked;
