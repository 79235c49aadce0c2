-- oauth2kit JDBC store: schema version 1, H2 2.x.
--
-- Applied by org.oauth2kit.store.jdbc.JdbcSchema.migrate(dataSource), which records it in the
-- table oauth2kit_schema_version, or by Flyway or Liquibase (see the module's README).
-- Plain SQL: every statement ends with a semicolon at the end of a line, and no statement holds a
-- semicolon or a double dash.
--
-- Credentials are stored as SHA-256 digests (base64url, 43 characters), never in clear.
-- Lists and user data are JSON text (arrays and objects of strings), in CHARACTER VARYING
-- columns without a length (up to 1 000 000 characters; TEXT would be a CLOB in H2).

-- One row per issued access token and the refresh token issued with it.
-- access_revoked: the access token was revoked (RFC 7009); its refresh token stays usable.
-- refresh_retired: the refresh token was used; the row stays so that a second use is recognised.
-- usable_until: the later of expires_at and refresh_expires_at; after it the row can be purged.
CREATE TABLE oauth2_token (
    token_digest          VARCHAR(128)                NOT NULL,
    client_id             VARCHAR(255)                NOT NULL,
    grant_type            VARCHAR(255)                NOT NULL,
    user_data             CHARACTER VARYING           NOT NULL,
    scopes                CHARACTER VARYING           NOT NULL,
    issued_at             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    refresh_token_digest  VARCHAR(128),
    refresh_expires_at    TIMESTAMP(6) WITH TIME ZONE,
    family_id             VARCHAR(255)                NOT NULL,
    access_revoked        BOOLEAN                     NOT NULL DEFAULT FALSE,
    refresh_retired       BOOLEAN                     NOT NULL DEFAULT FALSE,
    usable_until          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT oauth2_token_pk PRIMARY KEY (token_digest),
    CONSTRAINT oauth2_token_refresh_pair CHECK ((refresh_token_digest IS NULL) = (refresh_expires_at IS NULL))
);
CREATE UNIQUE INDEX oauth2_token_refresh_digest ON oauth2_token (refresh_token_digest);
CREATE INDEX oauth2_token_family ON oauth2_token (family_id);
CREATE INDEX oauth2_token_usable_until ON oauth2_token (usable_until);

-- One row per authorization code, kept until it would have expired, redeemed or not.
CREATE TABLE oauth2_auth_code (
    code_digest            VARCHAR(128)                NOT NULL,
    client_id              VARCHAR(255)                NOT NULL,
    redirect_uri           CHARACTER VARYING,
    scopes                 CHARACTER VARYING           NOT NULL,
    user_data              CHARACTER VARYING           NOT NULL,
    code_challenge         VARCHAR(255),
    code_challenge_method  VARCHAR(16),
    issued_at              TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    redeemed               BOOLEAN                     NOT NULL DEFAULT FALSE,
    CONSTRAINT oauth2_auth_code_pk PRIMARY KEY (code_digest)
);
CREATE INDEX oauth2_auth_code_expires_at ON oauth2_auth_code (expires_at);

-- One row per revoked token family: its tokens, also those saved later, are refused until revoked_until.
CREATE TABLE oauth2_revoked_family (
    family_id      VARCHAR(255)                NOT NULL,
    revoked_until  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT oauth2_revoked_family_pk PRIMARY KEY (family_id)
);
CREATE INDEX oauth2_revoked_family_until ON oauth2_revoked_family (revoked_until);

-- Registered clients. secret_digest is null for public clients.
CREATE TABLE oauth2_client (
    client_id       VARCHAR(255)      NOT NULL,
    secret_digest   VARCHAR(128),
    redirect_uris   CHARACTER VARYING NOT NULL,
    grant_types     CHARACTER VARYING NOT NULL,
    response_types  CHARACTER VARYING NOT NULL,
    CONSTRAINT oauth2_client_pk PRIMARY KEY (client_id)
);
