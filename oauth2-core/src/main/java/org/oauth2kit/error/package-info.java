/**
 * The errors of the protocol: one root, {@link org.oauth2kit.error.OAuthBaseError}, carrying an OAuth error code and an HTTP status.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.error;

import org.jspecify.annotations.NullMarked;
