-- oauth2kit JDBC store: schema version 5, PostgreSQL 12 or later.
--
-- Applied after version 4 by org.oauth2kit.store.jdbc.JdbcSchema.migrate(dataSource), or by Flyway
-- or Liquibase (see the module's README). Same rules as version 1: plain SQL, every statement ends
-- with a semicolon at the end of a line, no statement holds a semicolon or a double dash.
--
-- A token that starts a family (client credentials, the first token of a password grant) has its
-- own digest as its family id, and most tokens are such: the family index need not hold them, since
-- the primary key finds the one row whose digest is the family id. The index becomes partial, and
-- a saved token costs one random index insert less. Revoking a family looks in both: the rows that
-- joined it by this index, the row that started it by the primary key (JdbcTokenStore.revokeFamily).
-- Building the index reads the whole table and the old one is kept until it is built: run this
-- version when traffic is low, or after purgeExpired() has made the table small.
CREATE INDEX oauth2_token_joined_family ON oauth2_token (family_id) WHERE family_id <> token_digest;
DROP INDEX oauth2_token_family;
