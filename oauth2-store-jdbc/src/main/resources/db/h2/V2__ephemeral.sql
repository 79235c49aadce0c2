-- oauth2kit JDBC store: schema version 2, H2 2.x.
--
-- Applied after version 1 by org.oauth2kit.store.jdbc.JdbcSchema.migrate(dataSource), or by Flyway
-- or Liquibase (see the module's README). Same rules as version 1: plain SQL, every statement ends
-- with a semicolon at the end of a line, no statement holds a semicolon or a double dash.

-- Short-lived records of extensions (device codes, pushed authorization requests, DPoP proof ids),
-- one row per kind and key, until expires_at. record_value is the record's text with NUL written
-- as a backslash and 0, and a backslash doubled, as on PostgreSQL, whose TEXT cannot hold NUL.
-- CHARACTER VARYING without a length, not a CLOB: the value is compared by replace.
CREATE TABLE oauth2_ephemeral (
    kind          VARCHAR(32)                 NOT NULL,
    record_key    VARCHAR(128)                NOT NULL,
    record_value  CHARACTER VARYING           NOT NULL,
    expires_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT oauth2_ephemeral_pk PRIMARY KEY (kind, record_key)
);
CREATE INDEX oauth2_ephemeral_expires_at ON oauth2_ephemeral (expires_at);
