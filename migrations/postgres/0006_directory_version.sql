-- A number that grows with every change to the directory (organisations, teams, users and their
-- memberships), kept by statement triggers in the transaction of the change. A list answer
-- computed in one snapshot stays exact for as long as the number read in a later snapshot is the
-- same, which is what the response cache checks (docs/decisions.md, "Response cache"). Writers
-- of the directory queue on this one row until they commit: directory changes are rare next to
-- reads.
-- Applied inside one transaction by the migration runner: no BEGIN/COMMIT here.

CREATE TABLE directory_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT  NOT NULL
);

INSERT INTO directory_version (id, version) VALUES (1, 1);

CREATE FUNCTION directory_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE directory_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER organisations_version BEFORE INSERT OR UPDATE OR DELETE ON organisations
FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER teams_version BEFORE INSERT OR UPDATE OR DELETE ON teams
FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER users_version BEFORE INSERT OR UPDATE OR DELETE ON users
FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER team_memberships_version BEFORE INSERT OR UPDATE OR DELETE ON team_memberships
FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
