/**
 * The framework-neutral request and response adapters translate to, and the {@link org.oauth2kit.web.SiteAdapter} through which the application meets its users.
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit.web;

import org.jspecify.annotations.NullMarked;
