/**
 * Generators of tokens and codes.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.token;

import org.jspecify.annotations.NullMarked;
