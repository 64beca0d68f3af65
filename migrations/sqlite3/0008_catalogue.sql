-- Catalogues, their audiences, API products (with their APIs, tags and documentation pages) and
-- plans (DESIGN §1, §9); the built-in provider they belong to; and content_version, moved by
-- every change to them, as directory_version is by the directory (the response cache checks both).
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

-- Atrium is its own API provider: products and plans are defined here, not synchronised.
CREATE TABLE providers (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  updated_at BIGINT  NOT NULL
);
INSERT INTO providers (name, type, created_at, updated_at)
VALUES ('Atrium', 'atrium', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

CREATE TABLE catalogues (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  cid        TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  name_key   TEXT    NOT NULL,                        -- lower-cased: uniqueness
  slug       TEXT    NOT NULL,                        -- NameWithSlug
  visibility TEXT    NOT NULL CHECK (visibility IN ('Public', 'Private')),
  created_at BIGINT  NOT NULL,
  updated_at BIGINT  NOT NULL
);
CREATE UNIQUE INDEX catalogues_cid_key ON catalogues (cid);
CREATE UNIQUE INDEX catalogues_name_key_key ON catalogues (name_key);
CREATE UNIQUE INDEX catalogues_slug_key ON catalogues (slug);

-- An audience's team is a team of the audience's organisation: the composite foreign key refuses
-- anything else, and deleting the team or the organisation deletes the audience entry (so a
-- private catalogue never opens up to a whole organisation because a team went away).
CREATE UNIQUE INDEX teams_id_organisation_key ON teams (id, organisation_id);
CREATE TABLE catalogue_audiences (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  catalogue_id    BIGINT  NOT NULL REFERENCES catalogues (id) ON DELETE CASCADE,
  organisation_id BIGINT  NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  team_id         BIGINT,                             -- NULL: every team of the organisation
  name            TEXT    NOT NULL DEFAULT '',
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL,
  FOREIGN KEY (team_id, organisation_id) REFERENCES teams (id, organisation_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX catalogue_audiences_entry_key
  ON catalogue_audiences (catalogue_id, organisation_id, COALESCE(team_id, 0));
-- Which catalogues an organisation or team sees: the visibility queries start here.
CREATE INDEX catalogue_audiences_organisation_idx
  ON catalogue_audiences (organisation_id, team_id, catalogue_id);
CREATE INDEX catalogue_audiences_team_idx ON catalogue_audiences (team_id);

CREATE TABLE products (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  cid                   TEXT    NOT NULL,
  provider_id           BIGINT  NOT NULL REFERENCES providers (id),
  name                  TEXT    NOT NULL,
  name_key              TEXT    NOT NULL,
  display_name          TEXT    NOT NULL,
  description           TEXT    NOT NULL DEFAULT '',
  content               TEXT    NOT NULL DEFAULT '',
  path                  TEXT    NOT NULL,              -- /portal/catalogue-products/<path>
  reference_id          TEXT    NOT NULL DEFAULT '',
  auth_type             TEXT    NOT NULL DEFAULT '',
  auth_types            TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
  scopes                TEXT    NOT NULL DEFAULT '',
  feature               INTEGER NOT NULL DEFAULT 0 CHECK (feature IN (0, 1)),
  dcr_enabled           INTEGER NOT NULL DEFAULT 0 CHECK (dcr_enabled IN (0, 1)),
  is_documentation_only INTEGER NOT NULL DEFAULT 0 CHECK (is_documentation_only IN (0, 1)),
  created_at            BIGINT  NOT NULL,
  updated_at            BIGINT  NOT NULL
);
CREATE UNIQUE INDEX products_cid_key ON products (cid);
CREATE UNIQUE INDEX products_name_key_key ON products (name_key);
CREATE UNIQUE INDEX products_path_key ON products (path);

CREATE TABLE product_catalogues (
  product_id   BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  catalogue_id BIGINT NOT NULL REFERENCES catalogues (id) ON DELETE CASCADE,
  PRIMARY KEY (product_id, catalogue_id)
);
CREATE INDEX product_catalogues_catalogue_idx ON product_catalogues (catalogue_id, product_id);

-- The APIs of a product, in the order given.
CREATE TABLE product_apis (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  product_id   BIGINT  NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  position     BIGINT  NOT NULL,
  api_id       TEXT    NOT NULL,                      -- Tyk's APIID: our reference
  name         TEXT    NOT NULL,
  api_type     TEXT    NOT NULL DEFAULT '',
  description  TEXT    NOT NULL DEFAULT '',
  listen_path  TEXT    NOT NULL DEFAULT '',
  target_url   TEXT    NOT NULL DEFAULT '',
  status       INTEGER NOT NULL DEFAULT 1 CHECK (status IN (0, 1)),
  oas_url      TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX product_apis_api_id_key ON product_apis (product_id, api_id);
CREATE INDEX product_apis_product_idx ON product_apis (product_id, position);

CREATE TABLE tags (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  name     TEXT    NOT NULL,
  name_key TEXT    NOT NULL
);
CREATE UNIQUE INDEX tags_name_key_key ON tags (name_key);
CREATE TABLE product_tags (
  product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  tag_id     BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (product_id, tag_id)
);
CREATE INDEX product_tags_tag_idx ON product_tags (tag_id, product_id);

-- Documentation pages of a product (Markdown), in `position` order.
CREATE TABLE product_docs (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  product_id BIGINT  NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  position   BIGINT  NOT NULL,
  title      TEXT    NOT NULL,
  path       TEXT    NOT NULL,
  lede       TEXT    NOT NULL DEFAULT '',
  content    TEXT    NOT NULL,
  status     TEXT    NOT NULL CHECK (status IN ('published', 'draft', 'review')),
  markdown   INTEGER NOT NULL DEFAULT 1 CHECK (markdown IN (0, 1)),
  created_at BIGINT  NOT NULL,
  updated_at BIGINT  NOT NULL
);
CREATE UNIQUE INDEX product_docs_path_key ON product_docs (product_id, path);
CREATE INDEX product_docs_product_idx ON product_docs (product_id, position, id);

CREATE TABLE plans (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  cid                 TEXT    NOT NULL,
  provider_id         BIGINT  NOT NULL REFERENCES providers (id),
  name                TEXT    NOT NULL,
  name_key            TEXT    NOT NULL,
  display_name        TEXT    NOT NULL,
  description         TEXT    NOT NULL DEFAULT '',
  reference_id        TEXT    NOT NULL DEFAULT '',
  rate_limit          BIGINT  NOT NULL DEFAULT 0,       -- requests per `per` seconds
  per                 BIGINT  NOT NULL DEFAULT 0,
  unlimited_rate      INTEGER NOT NULL DEFAULT 0 CHECK (unlimited_rate IN (0, 1)),
  quota               BIGINT  NOT NULL DEFAULT 0,       -- requests per `quota_renewal` seconds
  quota_renewal       BIGINT  NOT NULL DEFAULT 0,
  unlimited_quota     INTEGER NOT NULL DEFAULT 0 CHECK (unlimited_quota IN (0, 1)),
  key_expires_in      BIGINT  NOT NULL DEFAULT 0,       -- seconds; 0: keys do not expire
  auto_approve        INTEGER NOT NULL DEFAULT 0 CHECK (auto_approve IN (0, 1)),
  jwt_scope           TEXT    NOT NULL DEFAULT '',
  metadata            TEXT    NOT NULL DEFAULT '{}',    -- JSON object
  created_at          BIGINT  NOT NULL,
  updated_at          BIGINT  NOT NULL
);
CREATE UNIQUE INDEX plans_cid_key ON plans (cid);
CREATE UNIQUE INDEX plans_name_key_key ON plans (name_key);

CREATE TABLE plan_catalogues (
  plan_id      BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  catalogue_id BIGINT NOT NULL REFERENCES catalogues (id) ON DELETE CASCADE,
  PRIMARY KEY (plan_id, catalogue_id)
);
CREATE INDEX plan_catalogues_catalogue_idx ON plan_catalogues (catalogue_id, plan_id);

CREATE TABLE content_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT  NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 1);
CREATE TRIGGER catalogues_version_insert AFTER INSERT ON catalogues
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalogues_version_update AFTER UPDATE ON catalogues
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalogues_version_delete AFTER DELETE ON catalogues
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalogue_audiences_version_insert AFTER INSERT ON catalogue_audiences
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalogue_audiences_version_update AFTER UPDATE ON catalogue_audiences
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalogue_audiences_version_delete AFTER DELETE ON catalogue_audiences
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_version_insert AFTER INSERT ON products
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_version_update AFTER UPDATE ON products
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_version_delete AFTER DELETE ON products
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_catalogues_version_insert AFTER INSERT ON product_catalogues
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_catalogues_version_update AFTER UPDATE ON product_catalogues
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_catalogues_version_delete AFTER DELETE ON product_catalogues
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_apis_version_insert AFTER INSERT ON product_apis
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_apis_version_update AFTER UPDATE ON product_apis
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_apis_version_delete AFTER DELETE ON product_apis
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER tags_version_insert AFTER INSERT ON tags
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER tags_version_update AFTER UPDATE ON tags
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER tags_version_delete AFTER DELETE ON tags
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_tags_version_insert AFTER INSERT ON product_tags
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_tags_version_update AFTER UPDATE ON product_tags
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_tags_version_delete AFTER DELETE ON product_tags
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_docs_version_insert AFTER INSERT ON product_docs
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_docs_version_update AFTER UPDATE ON product_docs
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_docs_version_delete AFTER DELETE ON product_docs
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plans_version_insert AFTER INSERT ON plans
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plans_version_update AFTER UPDATE ON plans
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plans_version_delete AFTER DELETE ON plans
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plan_catalogues_version_insert AFTER INSERT ON plan_catalogues
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plan_catalogues_version_update AFTER UPDATE ON plan_catalogues
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plan_catalogues_version_delete AFTER DELETE ON plan_catalogues
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
