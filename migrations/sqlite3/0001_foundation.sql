-- Foundation: users (API Owners and API Consumers), admin API tokens, installation flags.
-- Times are Unix milliseconds (BIGINT); booleans are 0/1 INTEGERs with a CHECK.
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

CREATE TABLE users (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: ids are never reused
  cid             TEXT    NOT NULL,
  email           TEXT    NOT NULL,                   -- as given
  email_key       TEXT    NOT NULL,                   -- lower-cased: uniqueness and lookups
  first           TEXT    NOT NULL,
  last            TEXT    NOT NULL,
  role            TEXT    NOT NULL
                  CHECK (role IN ('super-admin', 'provider-admin', 'consumer-admin',
                                  'consumer-team-member')),
  active          INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  organisation_id BIGINT,                             -- FK arrives with organisations (0002)
  password_hash   TEXT,
  reset_password  INTEGER NOT NULL DEFAULT 0 CHECK (reset_password IN (0, 1)),
  provider        TEXT    NOT NULL DEFAULT 'password',
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX users_cid_key ON users (cid);
CREATE UNIQUE INDEX users_email_key_key ON users (email_key);
CREATE INDEX users_role_idx ON users (role);
CREATE INDEX users_organisation_id_idx ON users (organisation_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT    NOT NULL,
  token_hash   TEXT    NOT NULL,
  created_at   BIGINT  NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);
CREATE UNIQUE INDEX api_tokens_token_hash_key ON api_tokens (token_hash);
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);

-- One row per fact about the installation; the primary key makes "set once" atomic.
CREATE TABLE system_flags (
  name       TEXT   NOT NULL PRIMARY KEY,
  created_at BIGINT NOT NULL
);
