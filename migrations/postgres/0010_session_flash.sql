-- A message for the next page a session shows (POST-redirect-GET: "Invitation sent."), kept with
-- the session rather than in the URL so that it is shown once and never comes back on reload.
-- "kind<TAB>text"; empty when there is none. At most 1000 characters.
-- Applied inside one transaction by the migration runner: no BEGIN/COMMIT here.
ALTER TABLE sessions ADD COLUMN flash TEXT NOT NULL DEFAULT '';
