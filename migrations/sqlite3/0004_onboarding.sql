-- Onboarding and email (DESIGN §3–§4): settings, one-time links, invitations, self-registrations,
-- invite codes and the email outbox.
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

-- Portal settings an API Owner edits (registration, invitations, SMTP). Values are text; the
-- settings service knows each key's type.
CREATE TABLE settings (
  key        TEXT    PRIMARY KEY,
  value      TEXT    NOT NULL,
  updated_at BIGINT  NOT NULL
);

-- Emailed one-time links (invitation, confirmation, password reset). Only the token's hash.
CREATE TABLE one_time_links (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose     TEXT    NOT NULL,                     -- invitation | confirmation | reset
  token_hash  TEXT    NOT NULL,
  created_at  BIGINT  NOT NULL,
  expires_at  BIGINT  NOT NULL,
  used_at     BIGINT,
  voided_at   BIGINT
);
CREATE UNIQUE INDEX one_time_links_token_hash_key ON one_time_links (token_hash);
-- Voiding a user's older links of a purpose; also serves the ON DELETE CASCADE from users.
CREATE INDEX one_time_links_user_idx ON one_time_links (user_id, purpose);

-- Users created to be invited; pending until accepted_at is set.
CREATE TABLE invitations (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id         BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  invited_by      BIGINT  REFERENCES users (id) ON DELETE SET NULL,
  organisation_id BIGINT  REFERENCES organisations (id) ON DELETE CASCADE,
  created_at      BIGINT  NOT NULL,
  sent_at         BIGINT  NOT NULL,
  expires_at      BIGINT  NOT NULL,
  accepted_at     BIGINT
);
CREATE UNIQUE INDEX invitations_user_key ON invitations (user_id);
CREATE INDEX invitations_organisation_idx ON invitations (organisation_id, id);
CREATE INDEX invitations_invited_by_idx ON invitations (invited_by, id);

-- Tyk's invite codes: a shared code admitting up to `quota` registrations into a team.
CREATE TABLE invite_codes (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  cid             TEXT    NOT NULL,
  code            TEXT    NOT NULL,
  quota           BIGINT  NOT NULL CHECK (quota >= 1),
  used            BIGINT  NOT NULL DEFAULT 0 CHECK (used >= 0),
  expires_at      BIGINT,
  active          INTEGER NOT NULL,
  team_id         BIGINT  NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  organisation_id BIGINT  NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX invite_codes_code_key ON invite_codes (code);
CREATE UNIQUE INDEX invite_codes_cid_key ON invite_codes (cid);
CREATE INDEX invite_codes_team_idx ON invite_codes (team_id);
CREATE INDEX invite_codes_organisation_idx ON invite_codes (organisation_id);

-- Self-registrations: unconfirmed → approved, or pending → approved | rejected.
CREATE TABLE registrations (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id        BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  state          TEXT    NOT NULL,
  invite_code_id BIGINT  REFERENCES invite_codes (id) ON DELETE SET NULL,
  created_at     BIGINT  NOT NULL,
  confirmed_at   BIGINT,
  decided_at     BIGINT,
  decided_by     BIGINT  REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX registrations_user_key ON registrations (user_id);
CREATE INDEX registrations_state_idx ON registrations (state, id);
CREATE INDEX registrations_invite_code_idx ON registrations (invite_code_id);
CREATE INDEX registrations_decided_by_idx ON registrations (decided_by);

-- Emails to send, written in the transaction of the change that causes them.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT    NOT NULL,
  recipient       TEXT    NOT NULL,
  recipient_key   TEXT    NOT NULL,                 -- lower-cased, as users.email_key
  subject         TEXT    NOT NULL,
  text_body       TEXT    NOT NULL,
  html_body       TEXT    NOT NULL,
  status          TEXT    NOT NULL,                 -- queued | sent | failed | abandoned
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT    NOT NULL DEFAULT '',
  created_at      BIGINT  NOT NULL,
  next_attempt_at BIGINT  NOT NULL,
  lease_until     BIGINT,                           -- a dispatcher is sending it until then
  sent_at         BIGINT
);
-- The dispatcher's query: due messages in order.
CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at, id);
CREATE INDEX outbox_recipient_idx ON outbox (recipient_key, id);
