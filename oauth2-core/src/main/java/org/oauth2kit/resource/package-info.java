/**
 * Resource indicators (RFC 8707) and protected resource metadata (RFC 9728):
 * {@link org.oauth2kit.resource.ProtectedResource}.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.resource;

import org.jspecify.annotations.NullMarked;
