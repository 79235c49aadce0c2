/**
 * Token exchange (RFC 8693), written on the public grant SPI: {@link org.oauth2kit.exchange.TokenExchangeGrant}.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.exchange;

import org.jspecify.annotations.NullMarked;
