-- "Apps visible to me" (DESIGN §2) without reading every member of a large organisation: each
-- app carries its owner's organisation, kept by the triggers below whoever writes (an app's
-- insert or change of owner, a user's move), and one index answers an organisation's shared
-- apps and the team apps of given owners (docs/apps.md, "Visibility query").
-- Applied inside one transaction by the migration runner: no BEGIN/COMMIT here.

ALTER TABLE apps ADD COLUMN organisation_id BIGINT;
UPDATE apps a SET organisation_id = u.organisation_id FROM users u WHERE u.id = a.user_id;
CREATE INDEX apps_organisation_idx ON apps (organisation_id, visibility, user_id);

CREATE FUNCTION apps_organisation_of_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.organisation_id := (SELECT u.organisation_id FROM users u WHERE u.id = NEW.user_id);
  RETURN NEW;
END
$$;
CREATE TRIGGER apps_organisation_of_owner BEFORE INSERT OR UPDATE OF user_id, organisation_id
ON apps FOR EACH ROW EXECUTE FUNCTION apps_organisation_of_owner();

-- Runs after the users row changed: the apps trigger above then reads the new organisation.
CREATE FUNCTION users_organisation_apps_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE apps SET organisation_id = NEW.organisation_id WHERE user_id = NEW.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER users_organisation_apps_follow AFTER UPDATE OF organisation_id ON users
FOR EACH ROW WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
EXECUTE FUNCTION users_organisation_apps_follow();
