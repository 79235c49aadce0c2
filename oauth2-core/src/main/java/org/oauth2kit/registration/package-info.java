/**
 * Dynamic client registration (RFC 7591) and management (RFC 7592):
 * {@link org.oauth2kit.registration.ClientRegistration}, an endpoint on the extension SPI.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.registration;

import org.jspecify.annotations.NullMarked;
