-- oauth2kit JDBC store: schema version 4, PostgreSQL 12 or later.
--
-- Applied after version 3 by org.oauth2kit.store.jdbc.JdbcSchema.migrate(dataSource), or by Flyway
-- or Liquibase (see the module's README). Same rules as version 1: plain SQL, every statement ends
-- with a semicolon at the end of a line, no statement holds a semicolon or a double dash.
--
-- Digests, family ids and record keys are random text compared for equality only. In a database
-- whose collation is a locale (en_US.UTF-8, even C.UTF-8), every comparison in their indexes goes
-- through the locale's rules; the "C" collation compares bytes, which makes each index insert and
-- lookup several times cheaper and changes no result. Each statement rebuilds the column's indexes
-- and locks the table while it does: on a large table, run this version when traffic is low.

-- Tokens without a refresh token (client credentials) need no entry in the refresh-token index: it
-- becomes partial. Lookups by refresh token name a value, so they use it as before.
DROP INDEX oauth2_token_refresh_digest;
ALTER TABLE oauth2_token ALTER COLUMN token_digest TYPE VARCHAR(128) COLLATE "C";
ALTER TABLE oauth2_token ALTER COLUMN refresh_token_digest TYPE VARCHAR(128) COLLATE "C";
ALTER TABLE oauth2_token ALTER COLUMN family_id TYPE VARCHAR(255) COLLATE "C";
CREATE UNIQUE INDEX oauth2_token_refresh_digest ON oauth2_token (refresh_token_digest)
    WHERE refresh_token_digest IS NOT NULL;
ALTER TABLE oauth2_revoked_family ALTER COLUMN family_id TYPE VARCHAR(255) COLLATE "C";
ALTER TABLE oauth2_auth_code ALTER COLUMN code_digest TYPE VARCHAR(128) COLLATE "C";
ALTER TABLE oauth2_ephemeral ALTER COLUMN record_key TYPE VARCHAR(128) COLLATE "C";
