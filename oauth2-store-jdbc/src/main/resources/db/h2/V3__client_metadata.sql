-- oauth2kit JDBC store: schema version 3, H2 2.x.
--
-- Applied after version 2 by org.oauth2kit.store.jdbc.JdbcSchema.migrate(dataSource), or by Flyway
-- or Liquibase (see the module's README). Same rules as version 1: plain SQL, every statement ends
-- with a semicolon at the end of a line, no statement holds a semicolon or a double dash.

-- A client's registration metadata (Client.metadata(): client_name, scope, what dynamic
-- registration records), as a JSON object of strings. Rows written before this version, and rows
-- inserted by an older release still running during an upgrade, get the empty object: a client
-- without metadata.
ALTER TABLE oauth2_client ADD COLUMN metadata CHARACTER VARYING NOT NULL DEFAULT '{}';
