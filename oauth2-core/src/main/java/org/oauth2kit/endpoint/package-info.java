/**
 * Endpoints of an application's or an extension's own ({@link org.oauth2kit.endpoint.Endpoint}),
 * served by every adapter like the built-in ones, and steps of the authorization request
 * ({@link org.oauth2kit.endpoint.AuthorizationRequestStage}). The device authorization grant and
 * pushed authorization requests are written on this package.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.endpoint;

import org.jspecify.annotations.NullMarked;
