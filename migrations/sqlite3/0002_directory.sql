-- Directory: organisations, teams, team memberships, the audit log; the users table gains its
-- foreign key to organisations and the lower-cased search keys of its names.
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.
-- Keys (*_key) are ASCII lower-cased (SQLite's built-in lower() folds ASCII only, like
-- atrium::ascii_lower) and compared with the BINARY collation, so a prefix search is the index
-- range [prefix, prefix || U+10FFFF).

CREATE TABLE organisations (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  cid        TEXT    NOT NULL,
  name       TEXT    NOT NULL,                        -- as given
  name_key   TEXT    NOT NULL,                        -- lower-cased: uniqueness
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at BIGINT  NOT NULL,
  updated_at BIGINT  NOT NULL
);
CREATE UNIQUE INDEX organisations_cid_key ON organisations (cid);
CREATE UNIQUE INDEX organisations_name_key_key ON organisations (name_key);
-- There is one Default Organisation.
CREATE UNIQUE INDEX organisations_default_key ON organisations (is_default) WHERE is_default = TRUE;

CREATE TABLE teams (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  cid             TEXT    NOT NULL,
  organisation_id BIGINT  NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name            TEXT    NOT NULL,
  name_key        TEXT    NOT NULL,
  is_default      INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX teams_cid_key ON teams (cid);
CREATE UNIQUE INDEX teams_name_key_key ON teams (organisation_id, name_key);
CREATE INDEX teams_organisation_id_idx ON teams (organisation_id, id);
-- At most one default team per organisation.
CREATE UNIQUE INDEX teams_default_key ON teams (organisation_id) WHERE is_default = TRUE;

-- The Default Organisation and its default team (ids 1 and 1 on a fresh database).
INSERT INTO organisations (cid, name, name_key, is_default, created_at, updated_at)
VALUES ('3c9d5f0e-8a41-4b7e-9f62-1d0a7e5b2c84', 'Default Organisation', 'default organisation', 1,
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
INSERT INTO teams (cid, organisation_id, name, name_key, is_default, created_at, updated_at)
SELECT '9b7e2a16-4f3c-4d58-a0e9-6c21f8d4b735', id, 'Default Organisation All users',
       'default organisation all users', 1, created_at, created_at
FROM organisations WHERE is_default = TRUE;

-- users: rebuilt for the foreign key on organisation_id (SQLite cannot add a constraint) and the
-- first_key / last_key columns. DROP TABLE users would run an implicit DELETE whose ON DELETE
-- CASCADE empties api_tokens (PRAGMA foreign_keys cannot be switched off inside the migration's
-- transaction), so api_tokens is rebuilt too, pointing at the new table before the old one goes:
-- renaming users_new to users then rewrites that reference.
CREATE TABLE users_new (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: ids are never reused
  cid             TEXT    NOT NULL,
  email           TEXT    NOT NULL,                   -- as given
  email_key       TEXT    NOT NULL,                   -- lower-cased: uniqueness and lookups
  first           TEXT    NOT NULL,
  first_key       TEXT    NOT NULL,                   -- lower-cased: prefix search
  last            TEXT    NOT NULL,
  last_key        TEXT    NOT NULL,                   -- lower-cased: prefix search
  role            TEXT    NOT NULL
                  CHECK (role IN ('super-admin', 'provider-admin', 'consumer-admin',
                                  'consumer-team-member')),
  active          INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  -- NULL for API Owners. No ON DELETE action: an organisation with users cannot be deleted.
  organisation_id BIGINT  REFERENCES organisations (id),
  password_hash   TEXT,
  reset_password  INTEGER NOT NULL DEFAULT 0 CHECK (reset_password IN (0, 1)),
  provider        TEXT    NOT NULL DEFAULT 'password',
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL
);
-- Version 1 had no organisations: consumers go to the Default Organisation, a reference to an
-- organisation that does not exist is dropped for API Owners (who belong to none).
INSERT INTO users_new (id, cid, email, email_key, first, first_key, last, last_key, role, active,
                       organisation_id, password_hash, reset_password, provider, created_at,
                       updated_at)
SELECT u.id, u.cid, u.email, u.email_key, u.first, lower(u.first), u.last, lower(u.last), u.role,
       u.active,
       CASE
         WHEN u.organisation_id IN (SELECT id FROM organisations) THEN u.organisation_id
         WHEN u.role IN ('consumer-admin', 'consumer-team-member')
           THEN (SELECT id FROM organisations WHERE is_default = TRUE)
         ELSE NULL
       END,
       u.password_hash, u.reset_password, u.provider, u.created_at, u.updated_at
FROM users u;

CREATE TABLE api_tokens_new (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id      BIGINT  NOT NULL REFERENCES users_new (id) ON DELETE CASCADE,
  name         TEXT    NOT NULL,
  token_hash   TEXT    NOT NULL,
  created_at   BIGINT  NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);
INSERT INTO api_tokens_new (id, user_id, name, token_hash, created_at, last_used_at, revoked_at)
SELECT id, user_id, name, token_hash, created_at, last_used_at, revoked_at FROM api_tokens;

-- Keep the AUTOINCREMENT high-water marks, so that ids of deleted rows stay unused.
DELETE FROM sqlite_sequence WHERE name IN ('users_new', 'api_tokens_new');
INSERT INTO sqlite_sequence (name, seq)
SELECT name || '_new', seq FROM sqlite_sequence WHERE name IN ('users', 'api_tokens');

DROP TABLE api_tokens;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
ALTER TABLE api_tokens_new RENAME TO api_tokens;

CREATE UNIQUE INDEX users_cid_key ON users (cid);
CREATE UNIQUE INDEX users_email_key_key ON users (email_key);
CREATE INDEX users_first_key_idx ON users (first_key);
CREATE INDEX users_last_key_idx ON users (last_key);
CREATE INDEX users_organisation_id_idx ON users (organisation_id, id);
CREATE INDEX users_role_idx ON users (role, id);
CREATE INDEX users_active_idx ON users (active, id);
CREATE UNIQUE INDEX api_tokens_token_hash_key ON api_tokens (token_hash);
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);

CREATE TABLE team_memberships (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, team_id)
) WITHOUT ROWID;
CREATE INDEX team_memberships_team_id_idx ON team_memberships (team_id, user_id);

-- Consumers of version 1 had no team: they join their organisation's default team.
INSERT INTO team_memberships (user_id, team_id)
SELECT u.id, t.id
FROM users u JOIN teams t ON t.organisation_id = u.organisation_id AND t.is_default = TRUE
WHERE u.role IN ('consumer-admin', 'consumer-team-member');

-- Append-only. actor_id and organisation_id carry no foreign key: events outlive what they name.
CREATE TABLE audit_events (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  occurred_at     BIGINT  NOT NULL,
  actor_id        BIGINT,                             -- NULL for system actions
  actor_email     TEXT    NOT NULL,
  actor_role      TEXT    NOT NULL,
  action          TEXT    NOT NULL,                   -- "user.create", ...
  target_type     TEXT    NOT NULL,                   -- "user", "organisation", ...
  target_id       TEXT    NOT NULL,
  organisation_id BIGINT,
  source_address  TEXT    NOT NULL,
  changes         TEXT    NOT NULL DEFAULT '{}'       -- a JSON object, never secrets
);
-- Lists are newest first: every filter has an index ending in (occurred_at, id), so a filter
-- with or without a time range is one index range read backwards.
CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at, id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, occurred_at, id);
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at, id);
CREATE INDEX audit_events_target_idx ON audit_events (target_id, occurred_at, id);
CREATE INDEX audit_events_target_type_idx ON audit_events (target_type, occurred_at, id);
CREATE INDEX audit_events_organisation_idx ON audit_events (organisation_id, occurred_at, id);
