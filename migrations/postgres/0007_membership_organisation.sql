-- A user's teams are teams of the user's organisation, and API Owners (in no organisation) are
-- in no team: the database refuses anything else, whoever writes it (docs/storage.md,
-- "Concurrent changes"). Triggers rather than a composite foreign key, which would need the
-- organisation in every membership row. The refusal is SQLSTATE 23514 with a message starting
-- "team.not_in_organisation" (store/sql_errors.cpp).
-- Applied inside one transaction by the migration runner: no BEGIN/COMMIT here.

-- Repair what racing writers may have stored before: a user with a team of another
-- organisation and none of their own first joins their organisation's default team, then every
-- membership in a team of another organisation goes.
INSERT INTO team_memberships (user_id, team_id)
SELECT u.id, t.id
FROM users u JOIN teams t ON t.organisation_id = u.organisation_id AND t.is_default = TRUE
WHERE EXISTS (SELECT 1 FROM team_memberships m JOIN teams mt ON mt.id = m.team_id
              WHERE m.user_id = u.id AND mt.organisation_id IS DISTINCT FROM u.organisation_id)
  AND NOT EXISTS (SELECT 1 FROM team_memberships m JOIN teams mt ON mt.id = m.team_id
                  WHERE m.user_id = u.id AND mt.organisation_id = u.organisation_id);

DELETE FROM team_memberships m
USING users u, teams t
WHERE u.id = m.user_id AND t.id = m.team_id
  AND u.organisation_id IS DISTINCT FROM t.organisation_id;

-- New memberships, checked once per statement (set-based: move_all_users and the bulk seed add
-- thousands at once). The users are locked FOR SHARE first, so that a concurrent change of their
-- organisation (which locks the row FOR NO KEY UPDATE) either waits for this transaction or is
-- seen by the check (each query here reads a fresh READ COMMITTED snapshot). A team's
-- organisation is part of a unique key, so the foreign key's FOR KEY SHARE already keeps it.
-- Row triggers (the foreign keys) fire before statement triggers: a missing user or team stays
-- a foreign-key violation (storage.missing_reference).
CREATE FUNCTION team_memberships_same_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM users u WHERE u.id IN (SELECT n.user_id FROM changed_memberships n)
  ORDER BY u.id FOR SHARE;
  IF EXISTS (SELECT 1 FROM changed_memberships n
             JOIN users u ON u.id = n.user_id JOIN teams t ON t.id = n.team_id
             WHERE u.organisation_id IS DISTINCT FROM t.organisation_id) THEN
    RAISE EXCEPTION 'team.not_in_organisation: a user''s teams must be of the user''s organisation'
      USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER team_memberships_organisation_insert AFTER INSERT ON team_memberships
REFERENCING NEW TABLE AS changed_memberships
FOR EACH STATEMENT EXECUTE FUNCTION team_memberships_same_organisation();
CREATE TRIGGER team_memberships_organisation_update AFTER UPDATE ON team_memberships
REFERENCING NEW TABLE AS changed_memberships
FOR EACH STATEMENT EXECUTE FUNCTION team_memberships_same_organisation();

-- A user moves to another organisation (or becomes an API Owner) only without teams of the old
-- one: leave them first (UserService::update, OrganisationRepository::move_all_users). The
-- memberships being added meanwhile lock the user FOR SHARE (above), so this waits for them
-- and then sees them.
CREATE FUNCTION users_memberships_same_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM team_memberships m JOIN teams t ON t.id = m.team_id
             WHERE m.user_id = NEW.id AND t.organisation_id IS DISTINCT FROM NEW.organisation_id) THEN
    RAISE EXCEPTION 'team.not_in_organisation: the user still has teams of another organisation'
      USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER users_organisation_memberships AFTER UPDATE OF organisation_id ON users
FOR EACH ROW WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
EXECUTE FUNCTION users_memberships_same_organisation();

-- Teams never move between organisations; if one did, its members would have to move with it.
CREATE FUNCTION teams_members_same_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM team_memberships m JOIN users u ON u.id = m.user_id
             WHERE m.team_id = NEW.id AND u.organisation_id IS DISTINCT FROM NEW.organisation_id) THEN
    RAISE EXCEPTION 'team.not_in_organisation: the team has members of another organisation'
      USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER teams_organisation_members AFTER UPDATE OF organisation_id ON teams
FOR EACH ROW WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
EXECUTE FUNCTION teams_members_same_organisation();
