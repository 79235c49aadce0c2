/**
 * oauth2kit's clients, tokens, codes and short-lived records in a relational database, through JDBC
 * and nothing else: the application brings its driver and its connection pool as a
 * {@link javax.sql.DataSource}.
 * Schema scripts for PostgreSQL and H2 are in {@code db/postgresql} and {@code db/h2}.
 */
module org.oauth2kit.store.jdbc {
    requires transitive org.oauth2kit;
    requires transitive java.sql;

    exports org.oauth2kit.store.jdbc;
    // the schema scripts, for migration tools (Flyway, Liquibase) reading them through the module
    opens db.postgresql;
    opens db.h2;
}
