-- A number that grows with every change to the directory (organisations, teams, users and their
-- memberships), kept by triggers in the transaction of the change. A list answer computed in one
-- snapshot stays exact for as long as the number read in a later snapshot is the same, which is
-- what the response cache checks (docs/decisions.md, "Response cache").
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

CREATE TABLE directory_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT  NOT NULL
);

INSERT INTO directory_version (id, version) VALUES (1, 1);

CREATE TRIGGER organisations_version_insert AFTER INSERT ON organisations
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_version_update AFTER UPDATE ON organisations
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER organisations_version_delete AFTER DELETE ON organisations
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER teams_version_insert AFTER INSERT ON teams
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER teams_version_update AFTER UPDATE ON teams
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER teams_version_delete AFTER DELETE ON teams
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER users_version_insert AFTER INSERT ON users
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_version_update AFTER UPDATE ON users
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_version_delete AFTER DELETE ON users
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER team_memberships_version_insert AFTER INSERT ON team_memberships
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER team_memberships_version_update AFTER UPDATE ON team_memberships
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER team_memberships_version_delete AFTER DELETE ON team_memberships
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
