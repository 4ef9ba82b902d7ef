-- Virtual keys and teams. Portable SQL: the same file runs on H2 (embedded default) and PostgreSQL.
CREATE TABLE gateway_teams (
    name          VARCHAR(200)             NOT NULL PRIMARY KEY,
    budget_usd    DECIMAL(18, 6),
    budget_period VARCHAR(10),
    limit_rpm     INTEGER,
    limit_tpm     BIGINT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE gateway_keys (
    id            VARCHAR(80)              NOT NULL PRIMARY KEY,
    -- HMAC-SHA-256(pepper, key) in hex; the plain key is never stored
    key_hash      CHAR(64)                 NOT NULL UNIQUE,
    owner         VARCHAR(200)             NOT NULL,
    team          VARCHAR(200),
    project       VARCHAR(200),
    -- JSON array of model names and globs; NULL for every model
    models        VARCHAR(20000),
    budget_usd    DECIMAL(18, 6),
    budget_period VARCHAR(10),
    limit_rpm     INTEGER,
    limit_tpm     BIGINT,
    expires_at    TIMESTAMP WITH TIME ZONE,
    enabled       BOOLEAN                  NOT NULL,
    -- JSON object
    metadata      VARCHAR(20000),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX gateway_keys_team ON gateway_keys (team);
