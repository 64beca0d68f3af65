-- The gateway's key index (DESIGN §11): a log of the key hashes whose grant may have changed,
-- so that every node applies a revocation, rotation, approval, deactivation or deletion by
-- re-reading those keys only; and the usage counts that nodes share (quotas, requests per day).
-- Applied inside one transaction by the migration runner: no BEGIN/COMMIT here.

-- `seq` is app_version after a bump by the writing transaction: the bump holds app_version's
-- row lock until commit, so seqs are given out in commit order and a node that has read up to
-- seq N has seen every change up to N (a sequence would not be: its values commit out of order).
CREATE TABLE credential_changes (
  seq        BIGINT NOT NULL,
  key_hash   TEXT   NOT NULL,
  changed_at BIGINT NOT NULL
);
CREATE INDEX credential_changes_seq_idx ON credential_changes (seq);
CREATE INDEX credential_changes_time_idx ON credential_changes (changed_at);

CREATE FUNCTION credential_change(hash TEXT, at BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  next_seq BIGINT;
BEGIN
  UPDATE app_version SET version = version + 1 WHERE id = 1 RETURNING version INTO next_seq;
  INSERT INTO credential_changes (seq, key_hash, changed_at) VALUES (next_seq, hash, at);
END
$$;

CREATE FUNCTION credentials_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.key_hash IS NOT NULL THEN
    PERFORM credential_change(OLD.key_hash, OLD.updated_at);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.key_hash IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW.key_hash IS DISTINCT FROM OLD.key_hash) THEN
    PERFORM credential_change(NEW.key_hash, NEW.updated_at);
  END IF;
  RETURN NULL;
END
$$;
-- Deleted keys (an app, an access request or a user deleted) leave the index too.
CREATE TRIGGER credentials_changes AFTER INSERT OR UPDATE OR DELETE ON credentials
FOR EACH ROW EXECUTE FUNCTION credentials_changes();

-- A request's status and products decide what its keys open.
CREATE FUNCTION access_request_keys_changed(request BIGINT, at BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM credential_change(key_hash, at) FROM credentials
  WHERE access_request_id = request AND key_hash IS NOT NULL;
END
$$;
CREATE FUNCTION access_requests_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM access_request_keys_changed(NEW.id, NEW.updated_at);
  RETURN NULL;
END
$$;
CREATE TRIGGER access_requests_changes AFTER UPDATE OF status ON access_requests
FOR EACH ROW EXECUTE FUNCTION access_requests_changes();
CREATE FUNCTION access_request_products_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM access_request_keys_changed(OLD.access_request_id, 0);
  ELSE
    PERFORM access_request_keys_changed(NEW.access_request_id, 0);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER access_request_products_changes AFTER INSERT OR DELETE ON access_request_products
FOR EACH ROW EXECUTE FUNCTION access_request_products_changes();

-- A key's grant carries its owner's state and the names the gateway passes on: a reactivated,
-- moved or renamed user, a renamed app or organisation re-reads theirs.
CREATE FUNCTION users_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM credential_change(k.key_hash, NEW.updated_at)
  FROM credentials k JOIN access_requests r ON r.id = k.access_request_id
  JOIN apps a ON a.id = r.app_id
  WHERE a.user_id = NEW.id AND k.key_hash IS NOT NULL;
  RETURN NULL;
END
$$;
CREATE TRIGGER users_changes AFTER UPDATE OF active, organisation_id, email ON users
FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active
                   OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id
                   OR OLD.email IS DISTINCT FROM NEW.email)
EXECUTE FUNCTION users_changes();
CREATE FUNCTION apps_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM credential_change(k.key_hash, NEW.updated_at)
  FROM credentials k JOIN access_requests r ON r.id = k.access_request_id
  WHERE r.app_id = NEW.id AND k.key_hash IS NOT NULL;
  RETURN NULL;
END
$$;
CREATE TRIGGER apps_changes AFTER UPDATE OF name ON apps
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION apps_changes();
CREATE FUNCTION organisations_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM credential_change(k.key_hash, NEW.updated_at)
  FROM credentials k JOIN access_requests r ON r.id = k.access_request_id
  JOIN apps a ON a.id = r.app_id JOIN users u ON u.id = a.user_id
  WHERE u.organisation_id = NEW.id AND k.key_hash IS NOT NULL;
  RETURN NULL;
END
$$;
CREATE TRIGGER organisations_changes AFTER UPDATE OF name ON organisations
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION organisations_changes();

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
