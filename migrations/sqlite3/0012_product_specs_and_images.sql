-- What migration 0008 left for later on products (DESIGN §9): the specifications of
-- documentation-only products (Tyk's SpecDetails) with their OpenAPI or GraphQL document, the
-- GraphQL schema of a product API, and a product's logo and preview images. Every table moves
-- content_version (product answers name their specs and images).
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

CREATE TABLE product_specs (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  product_id BIGINT  NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  cid        TEXT    NOT NULL,
  spec_alias TEXT    NOT NULL,                -- Tyk's SpecAlias: unique within the product
  name       TEXT    NOT NULL DEFAULT '',
  oas_url    TEXT    NOT NULL DEFAULT '',
  created_at BIGINT  NOT NULL,
  updated_at BIGINT  NOT NULL
);
CREATE UNIQUE INDEX product_specs_alias_key ON product_specs (product_id, spec_alias);
CREATE UNIQUE INDEX product_specs_cid_key ON product_specs (cid);

-- A specification's uploaded document: its OpenAPI document or its GraphQL schema, as sent.
CREATE TABLE product_spec_documents (
  spec_id    BIGINT NOT NULL REFERENCES product_specs (id) ON DELETE CASCADE,
  kind       TEXT   NOT NULL CHECK (kind IN ('openapi', 'graphql')),
  media_type TEXT   NOT NULL,
  document   TEXT   NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (spec_id, kind)
);

-- The GraphQL schema of a product API, keyed like product_api_documents (by APIID).
CREATE TABLE product_api_graphql_schemas (
  product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  api_id     TEXT   NOT NULL,
  media_type TEXT   NOT NULL,
  document   TEXT   NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (product_id, api_id)
);

-- A product's logo and preview: the image's bytes in base64 (TEXT on both databases), its
-- media type as read from its magic bytes, and the ETag it is served with.
CREATE TABLE product_images (
  product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  kind       TEXT   NOT NULL CHECK (kind IN ('logo', 'preview')),
  media_type TEXT   NOT NULL,
  data       TEXT   NOT NULL,
  byte_count BIGINT NOT NULL,
  etag       TEXT   NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (product_id, kind)
);

CREATE TRIGGER product_specs_version_insert AFTER INSERT ON product_specs
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_specs_version_update AFTER UPDATE ON product_specs
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_specs_version_delete AFTER DELETE ON product_specs
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_spec_documents_version_insert AFTER INSERT ON product_spec_documents
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_spec_documents_version_update AFTER UPDATE ON product_spec_documents
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_spec_documents_version_delete AFTER DELETE ON product_spec_documents
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_api_graphql_schemas_version_insert AFTER INSERT ON product_api_graphql_schemas
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_api_graphql_schemas_version_update AFTER UPDATE ON product_api_graphql_schemas
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_api_graphql_schemas_version_delete AFTER DELETE ON product_api_graphql_schemas
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_images_version_insert AFTER INSERT ON product_images
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_images_version_update AFTER UPDATE ON product_images
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_images_version_delete AFTER DELETE ON product_images
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
