/**
 * DPoP (RFC 9449): sender-constrained tokens, {@link org.oauth2kit.dpop.Dpop}.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.dpop;

import org.jspecify.annotations.NullMarked;
