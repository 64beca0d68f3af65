-- Developer apps, access requests and credentials (DESIGN §1, §10); app_version, moved by every
-- change to them, for the response cache (with directory_version: memberships decide who sees a
-- shared app). The lifecycle rules that do not depend on who acts live here, so that every writer
-- keeps them: a user's apps go with the user; a user who changes organisation has personal apps;
-- a deactivated user's keys end.
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

CREATE TABLE apps (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  cid           TEXT    NOT NULL,
  user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name          TEXT    NOT NULL,
  description   TEXT    NOT NULL DEFAULT '',
  redirect_urls TEXT    NOT NULL DEFAULT '',
  visibility    TEXT    NOT NULL DEFAULT 'organisation'
                CHECK (visibility IN ('personal', 'team', 'organisation')),
  created_at    BIGINT  NOT NULL,
  updated_at    BIGINT  NOT NULL
);
CREATE UNIQUE INDEX apps_cid_key ON apps (cid);
-- "Apps visible to me" starts from the owners (a user's own apps, the apps of an organisation's
-- members, of a team's members): every path ends in this index.
CREATE INDEX apps_user_idx ON apps (user_id, id);

CREATE TABLE access_requests (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  app_id                BIGINT  NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  user_id               BIGINT  REFERENCES users (id) ON DELETE SET NULL,  -- the requester
  plan_id               BIGINT  NOT NULL REFERENCES plans (id),            -- in use: kept
  catalogue_id          BIGINT  REFERENCES catalogues (id) ON DELETE SET NULL,
  status                TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  provision_immediately INTEGER NOT NULL DEFAULT 0 CHECK (provision_immediately IN (0, 1)),
  reviewer_id           BIGINT  REFERENCES users (id) ON DELETE SET NULL,
  reviewed_at           BIGINT,
  reason                TEXT    NOT NULL DEFAULT '',
  created_at            BIGINT  NOT NULL,
  updated_at            BIGINT  NOT NULL
);
CREATE INDEX access_requests_app_idx ON access_requests (app_id, id);
CREATE INDEX access_requests_status_idx ON access_requests (status, id);
CREATE INDEX access_requests_user_plan_idx ON access_requests (user_id, plan_id);
CREATE INDEX access_requests_plan_idx ON access_requests (plan_id);

CREATE TABLE access_request_products (
  access_request_id BIGINT NOT NULL REFERENCES access_requests (id) ON DELETE CASCADE,
  product_id        BIGINT NOT NULL REFERENCES products (id),              -- in use: kept
  PRIMARY KEY (access_request_id, product_id)
);
CREATE INDEX access_request_products_product_idx
  ON access_request_products (product_id, access_request_id);

-- An API key of an approved access request. Only its SHA-256 is stored, and only once the key is
-- made: an approval by an API Owner leaves key_hash NULL until one of the app's managers opens
-- the app and is shown the key, once (docs/apps.md, "Keys shown once").
CREATE TABLE credentials (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  access_request_id BIGINT  NOT NULL REFERENCES access_requests (id) ON DELETE CASCADE,
  key_hash          TEXT,
  key_prefix        TEXT    NOT NULL DEFAULT '',
  expires_at        BIGINT,
  issued_at         BIGINT,
  revoked_at        BIGINT,
  created_at        BIGINT  NOT NULL,
  updated_at        BIGINT  NOT NULL
);
CREATE UNIQUE INDEX credentials_key_hash_key ON credentials (key_hash);
CREATE INDEX credentials_access_request_idx ON credentials (access_request_id, id);

-- A key issued elsewhere, registered by an API Owner for an app (Tyk's custom credentials).
CREATE TABLE custom_credentials (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  app_id                BIGINT  NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  alias                 TEXT    NOT NULL DEFAULT '',
  type                  TEXT    NOT NULL,
  plan_id               BIGINT  REFERENCES plans (id),
  authentication_method TEXT    NOT NULL DEFAULT '',
  auth_token_type       TEXT    NOT NULL DEFAULT '',
  key_id                TEXT    NOT NULL DEFAULT '',
  key_hash              TEXT,
  key_prefix            TEXT    NOT NULL DEFAULT '',
  created_at            BIGINT  NOT NULL,
  updated_at            BIGINT  NOT NULL
);
CREATE UNIQUE INDEX custom_credentials_key_hash_key ON custom_credentials (key_hash);
CREATE INDEX custom_credentials_app_idx ON custom_credentials (app_id, id);
CREATE TABLE custom_credential_products (
  custom_credential_id BIGINT NOT NULL REFERENCES custom_credentials (id) ON DELETE CASCADE,
  product_id           BIGINT NOT NULL REFERENCES products (id),
  PRIMARY KEY (custom_credential_id, product_id)
);
CREATE INDEX custom_credential_products_product_idx ON custom_credential_products (product_id);

-- A user who leaves their organisation (deleted organisation, removed, moved) has personal apps:
-- what the old organisation shared must not open to the new one.
CREATE TRIGGER users_organisation_apps_personal AFTER UPDATE OF organisation_id ON users
WHEN NEW.organisation_id IS NOT OLD.organisation_id
BEGIN
  UPDATE apps SET visibility = 'personal', updated_at = NEW.updated_at
  WHERE user_id = NEW.id AND visibility <> 'personal';
END;

-- A deactivated user's keys end (reactivation does not bring them back: the app's managers rotate).
CREATE TRIGGER users_deactivated_keys_end AFTER UPDATE OF active ON users
WHEN OLD.active = 1 AND NEW.active = 0
BEGIN
  UPDATE credentials SET revoked_at = NEW.updated_at, updated_at = NEW.updated_at
  WHERE revoked_at IS NULL
    AND access_request_id IN (SELECT r.id FROM access_requests r JOIN apps a ON a.id = r.app_id
                              WHERE a.user_id = NEW.id);
END;

CREATE TABLE app_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT  NOT NULL
);
INSERT INTO app_version (id, version) VALUES (1, 1);

-- How many access requests one user may make for a plan (pending or approved); 0: no cap.
ALTER TABLE plans ADD COLUMN access_request_limit BIGINT NOT NULL DEFAULT 0;

CREATE TRIGGER apps_version_insert AFTER INSERT ON apps
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER apps_version_update AFTER UPDATE ON apps
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER apps_version_delete AFTER DELETE ON apps
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER access_requests_version_insert AFTER INSERT ON access_requests
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER access_requests_version_update AFTER UPDATE ON access_requests
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER access_requests_version_delete AFTER DELETE ON access_requests
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER access_request_products_version_insert AFTER INSERT ON access_request_products
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER access_request_products_version_update AFTER UPDATE ON access_request_products
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER access_request_products_version_delete AFTER DELETE ON access_request_products
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER credentials_version_insert AFTER INSERT ON credentials
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER credentials_version_update AFTER UPDATE ON credentials
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER credentials_version_delete AFTER DELETE ON credentials
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER custom_credentials_version_insert AFTER INSERT ON custom_credentials
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER custom_credentials_version_update AFTER UPDATE ON custom_credentials
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER custom_credentials_version_delete AFTER DELETE ON custom_credentials
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER custom_credential_products_version_insert AFTER INSERT ON custom_credential_products
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER custom_credential_products_version_update AFTER UPDATE ON custom_credential_products
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER custom_credential_products_version_delete AFTER DELETE ON custom_credential_products
BEGIN UPDATE app_version SET version = version + 1 WHERE id = 1; END;
