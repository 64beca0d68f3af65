-- The gateway's key index (DESIGN §11): a log of the key hashes whose grant may have changed,
-- so that every node applies a revocation, rotation, approval, deactivation or deletion by
-- re-reading those keys only; and the usage counts that nodes share (quotas, requests per day).
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

-- SQLite has one writer at a time, so `seq` grows in commit order: a node that has read up to
-- seq N has seen every change up to N.
CREATE TABLE credential_changes (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  key_hash   TEXT    NOT NULL,
  changed_at BIGINT  NOT NULL
);
CREATE INDEX credential_changes_time_idx ON credential_changes (changed_at);

CREATE TRIGGER credentials_changes_insert AFTER INSERT ON credentials
WHEN NEW.key_hash IS NOT NULL
BEGIN
  INSERT INTO credential_changes (key_hash, changed_at) VALUES (NEW.key_hash, NEW.updated_at);
END;
CREATE TRIGGER credentials_changes_update AFTER UPDATE ON credentials
BEGIN
  INSERT INTO credential_changes (key_hash, changed_at)
  SELECT OLD.key_hash, NEW.updated_at WHERE OLD.key_hash IS NOT NULL
  UNION ALL
  SELECT NEW.key_hash, NEW.updated_at
  WHERE NEW.key_hash IS NOT NULL AND NEW.key_hash IS NOT OLD.key_hash;
END;
-- Deleted keys (an app, an access request or a user deleted) leave the index too.
CREATE TRIGGER credentials_changes_delete AFTER DELETE ON credentials
WHEN OLD.key_hash IS NOT NULL
BEGIN
  INSERT INTO credential_changes (key_hash, changed_at) VALUES (OLD.key_hash, OLD.updated_at);
END;
-- A request's status and products decide what its keys open.
CREATE TRIGGER access_requests_changes_update AFTER UPDATE OF status ON access_requests
BEGIN
  INSERT INTO credential_changes (key_hash, changed_at)
  SELECT key_hash, NEW.updated_at FROM credentials
  WHERE access_request_id = NEW.id AND key_hash IS NOT NULL;
END;
CREATE TRIGGER access_request_products_changes_insert AFTER INSERT ON access_request_products
BEGIN
  INSERT INTO credential_changes (key_hash, changed_at)
  SELECT key_hash, updated_at FROM credentials
  WHERE access_request_id = NEW.access_request_id AND key_hash IS NOT NULL;
END;
CREATE TRIGGER access_request_products_changes_delete AFTER DELETE ON access_request_products
BEGIN
  INSERT INTO credential_changes (key_hash, changed_at)
  SELECT key_hash, updated_at FROM credentials
  WHERE access_request_id = OLD.access_request_id AND key_hash IS NOT NULL;
END;
-- A key's grant carries its owner's state and the names the gateway passes on: a reactivated,
-- moved or renamed user, a renamed app or organisation re-reads theirs.
CREATE TRIGGER users_changes_update AFTER UPDATE OF active, organisation_id, email ON users
WHEN NEW.active IS NOT OLD.active OR NEW.organisation_id IS NOT OLD.organisation_id
  OR NEW.email IS NOT OLD.email
BEGIN
  INSERT INTO credential_changes (key_hash, changed_at)
  SELECT k.key_hash, NEW.updated_at
  FROM credentials k JOIN access_requests r ON r.id = k.access_request_id
  JOIN apps a ON a.id = r.app_id
  WHERE a.user_id = NEW.id AND k.key_hash IS NOT NULL;
END;
CREATE TRIGGER apps_changes_update AFTER UPDATE OF name ON apps
WHEN NEW.name IS NOT OLD.name
BEGIN
  INSERT INTO credential_changes (key_hash, changed_at)
  SELECT k.key_hash, NEW.updated_at
  FROM credentials k JOIN access_requests r ON r.id = k.access_request_id
  WHERE r.app_id = NEW.id AND k.key_hash IS NOT NULL;
END;
CREATE TRIGGER organisations_changes_update AFTER UPDATE OF name ON organisations
WHEN NEW.name IS NOT OLD.name
BEGIN
  INSERT INTO credential_changes (key_hash, changed_at)
  SELECT k.key_hash, NEW.updated_at
  FROM credentials k JOIN access_requests r ON r.id = k.access_request_id
  JOIN apps a ON a.id = r.app_id JOIN users u ON u.id = a.user_id
  WHERE u.organisation_id = NEW.id AND k.key_hash IS NOT NULL;
END;

-- Requests counted by the gateway, per key and period: `period` 'quota' counts the plan's quota
-- window that starts at `period_start`; 'day' counts one UTC day (shown on the key's page).
-- Nodes add their counts in batches (docs/gateway.md, "Quotas across nodes").
CREATE TABLE credential_usage (
  credential_id BIGINT NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
  period        TEXT   NOT NULL CHECK (period IN ('quota', 'day')),
  period_start  BIGINT NOT NULL,
  requests      BIGINT NOT NULL,
  PRIMARY KEY (credential_id, period, period_start)
);
