/**
 * OpenID Connect: {@link org.oauth2kit.oidc.OpenIdConnect} (the Provider option), signing keys
 * and the {@link org.oauth2kit.oidc.ClaimsSource} through which the application supplies claims.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.oidc;

import org.jspecify.annotations.NullMarked;
