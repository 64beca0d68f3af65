-- "Apps visible to me" (DESIGN §2) without reading every member of a large organisation: each
-- app carries its owner's organisation, kept by the triggers below whoever writes (an app's
-- insert or change of owner, a user's move), and one index answers an organisation's shared
-- apps and the team apps of given owners (docs/apps.md, "Visibility query").
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

ALTER TABLE apps ADD COLUMN organisation_id BIGINT;
UPDATE apps SET organisation_id = (SELECT u.organisation_id FROM users u WHERE u.id = apps.user_id);
CREATE INDEX apps_organisation_idx ON apps (organisation_id, visibility, user_id);

-- SQLite cannot set NEW in a BEFORE trigger: correct the row after the write when it differs.
CREATE TRIGGER apps_organisation_insert AFTER INSERT ON apps
WHEN NEW.organisation_id IS NOT (SELECT u.organisation_id FROM users u WHERE u.id = NEW.user_id)
BEGIN
  UPDATE apps SET organisation_id = (SELECT u.organisation_id FROM users u WHERE u.id = NEW.user_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER apps_organisation_update AFTER UPDATE OF user_id, organisation_id ON apps
WHEN NEW.organisation_id IS NOT (SELECT u.organisation_id FROM users u WHERE u.id = NEW.user_id)
BEGIN
  UPDATE apps SET organisation_id = (SELECT u.organisation_id FROM users u WHERE u.id = NEW.user_id)
  WHERE id = NEW.id;
END;
CREATE TRIGGER users_organisation_apps_follow AFTER UPDATE OF organisation_id ON users
WHEN NEW.organisation_id IS NOT OLD.organisation_id
BEGIN
  UPDATE apps SET organisation_id = NEW.organisation_id WHERE user_id = NEW.id;
END;
