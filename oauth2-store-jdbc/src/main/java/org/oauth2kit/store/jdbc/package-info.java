/**
 * oauth2kit's stores on a relational database through JDBC: {@link org.oauth2kit.store.jdbc.JdbcStores}
 * makes them, {@link org.oauth2kit.store.jdbc.JdbcSchema} creates their tables.
 */
package org.oauth2kit.store.jdbc;
