/**
 * The device authorization grant (RFC 8628), written on the public extension SPI:
 * {@link org.oauth2kit.device.DeviceFlow}.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.device;

import org.jspecify.annotations.NullMarked;
