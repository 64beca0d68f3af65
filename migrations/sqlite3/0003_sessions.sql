-- Sign-in: browser sessions and the failure counters of login throttling. Several servers share
-- both tables, so nothing about them is kept in memory.
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

-- One row per signed-in browser. The cookie carries a random token; only its hash is stored.
CREATE TABLE sessions (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,   -- AUTOINCREMENT: ids are never reused
  token_hash     TEXT    NOT NULL,
  user_id        BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at     BIGINT  NOT NULL,
  last_seen_at   BIGINT  NOT NULL,
  expires_at     BIGINT  NOT NULL,                    -- absolute limit
  source_address TEXT    NOT NULL,                    -- at most 128 characters
  user_agent     TEXT    NOT NULL                     -- at most 512 characters
);
CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
-- A user's sessions, newest first; also serves the ON DELETE CASCADE from users.
CREATE INDEX sessions_user_id_idx ON sessions (user_id, created_at, id);
-- Housekeeping: past the absolute expiry, or idle.
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
CREATE INDEX sessions_last_seen_at_idx ON sessions (last_seen_at);

-- One row per failure: recording is one INSERT that never contends on a shared counter row.
-- Nothing refers to these rows, so the ids of deleted ones may be reused (no AUTOINCREMENT).
CREATE TABLE throttle_failures (
  id          INTEGER PRIMARY KEY,
  key         TEXT    NOT NULL,                       -- "login:account:<email key>", ...
  occurred_at BIGINT  NOT NULL
);
-- Counting a key's failures in a window (COUNT and MAX) reads only this index; clear(key) too.
CREATE INDEX throttle_failures_key_idx ON throttle_failures (key, occurred_at);
-- Housekeeping: forgetting old failures of every key.
CREATE INDEX throttle_failures_occurred_at_idx ON throttle_failures (occurred_at);
