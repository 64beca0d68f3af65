-- A user's teams are teams of the user's organisation, and API Owners (in no organisation) are
-- in no team: the database refuses anything else, whoever writes it (docs/storage.md,
-- "Concurrent changes"). Triggers rather than a composite foreign key, which would need the
-- organisation in every membership row (and every membership table rebuilt).
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

-- Repair what racing writers may have stored before: a user with a team of another
-- organisation and none of their own first joins their organisation's default team, then every
-- membership in a team of another organisation goes.
INSERT INTO team_memberships (user_id, team_id)
SELECT u.id, t.id
FROM users u JOIN teams t ON t.organisation_id = u.organisation_id AND t.is_default = TRUE
WHERE EXISTS (SELECT 1 FROM team_memberships m JOIN teams mt ON mt.id = m.team_id
              WHERE m.user_id = u.id AND mt.organisation_id IS NOT u.organisation_id)
  AND NOT EXISTS (SELECT 1 FROM team_memberships m JOIN teams mt ON mt.id = m.team_id
                  WHERE m.user_id = u.id AND mt.organisation_id = u.organisation_id);

DELETE FROM team_memberships
WHERE EXISTS (SELECT 1 FROM users u, teams t
              WHERE u.id = team_memberships.user_id AND t.id = team_memberships.team_id
                AND u.organisation_id IS NOT t.organisation_id);

-- A missing user or team is left to the foreign keys (storage.missing_reference).
CREATE TRIGGER team_memberships_organisation_insert BEFORE INSERT ON team_memberships
WHEN EXISTS (SELECT 1 FROM users u, teams t
             WHERE u.id = NEW.user_id AND t.id = NEW.team_id
               AND u.organisation_id IS NOT t.organisation_id)
BEGIN
  SELECT RAISE(ABORT, 'team.not_in_organisation: a user''s teams must be of the user''s organisation');
END;

CREATE TRIGGER team_memberships_organisation_update BEFORE UPDATE ON team_memberships
WHEN EXISTS (SELECT 1 FROM users u, teams t
             WHERE u.id = NEW.user_id AND t.id = NEW.team_id
               AND u.organisation_id IS NOT t.organisation_id)
BEGIN
  SELECT RAISE(ABORT, 'team.not_in_organisation: a user''s teams must be of the user''s organisation');
END;

-- A user moves to another organisation (or becomes an API Owner) only without teams of the old
-- one: leave them first (UserService::update, OrganisationRepository::move_all_users).
CREATE TRIGGER users_organisation_memberships BEFORE UPDATE OF organisation_id ON users
WHEN OLD.organisation_id IS NOT NEW.organisation_id
 AND EXISTS (SELECT 1 FROM team_memberships m JOIN teams t ON t.id = m.team_id
             WHERE m.user_id = NEW.id AND t.organisation_id IS NOT NEW.organisation_id)
BEGIN
  SELECT RAISE(ABORT, 'team.not_in_organisation: the user still has teams of another organisation');
END;

-- Teams never move between organisations; if one did, its members would have to move with it.
CREATE TRIGGER teams_organisation_members BEFORE UPDATE OF organisation_id ON teams
WHEN OLD.organisation_id IS NOT NEW.organisation_id
 AND EXISTS (SELECT 1 FROM team_memberships m JOIN users u ON u.id = m.user_id
             WHERE m.team_id = NEW.id AND u.organisation_id IS NOT NEW.organisation_id)
BEGIN
  SELECT RAISE(ABORT, 'team.not_in_organisation: the team has members of another organisation');
END;
