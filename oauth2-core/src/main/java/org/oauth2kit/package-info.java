/**
 * The authorization server: {@link org.oauth2kit.Provider} and the data it keeps ({@link org.oauth2kit.Client}, {@link org.oauth2kit.AccessToken}, {@link org.oauth2kit.AuthorizationCode}).
 *
 * <p>Nothing in this package is null unless it is marked {@code @Nullable}.
 */
@NullMarked
package org.oauth2kit;

import org.jspecify.annotations.NullMarked;
