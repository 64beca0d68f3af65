-- A number that grows whenever a sign-in ends before its time: a session deleted (logout, "end
-- other sessions", password change, expiry housekeeping) or an admin API token revoked or
-- deleted. Servers keep the sessions and tokens they have checked in memory, each with this
-- number plus directory_version as read with it, and use a copy only while the sum is current
-- (domain/auth/grant_memo.hpp, docs/decisions.md "Versions in memory"). Statement triggers: one
-- bump per statement, however many rows it deletes.
-- Applied inside one transaction by the migration runner: no BEGIN/COMMIT here.

CREATE TABLE sign_in_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT  NOT NULL
);

INSERT INTO sign_in_version (id, version) VALUES (1, 1);

CREATE FUNCTION sign_in_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE sign_in_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER sessions_sign_in_version AFTER DELETE ON sessions
FOR EACH STATEMENT EXECUTE FUNCTION sign_in_version_bump();
CREATE TRIGGER api_tokens_sign_in_version AFTER UPDATE OF revoked_at OR DELETE ON api_tokens
FOR EACH STATEMENT EXECUTE FUNCTION sign_in_version_bump();
