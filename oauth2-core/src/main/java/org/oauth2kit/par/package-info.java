/**
 * Pushed authorization requests (RFC 9126), written on the public extension SPI.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.par;

import org.jspecify.annotations.NullMarked;
