-- The OpenAPI document of each product API, as uploaded (POST .../api-details/{api_id}/oas).
-- Keyed by the API's APIID within its product, so that replacing a product's API list keeps the
-- documents of the APIs that stay (the repository deletes those of the APIs that go).
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

CREATE TABLE product_api_documents (
  product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  api_id     TEXT   NOT NULL,
  media_type TEXT   NOT NULL,
  document   TEXT   NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (product_id, api_id)
);

CREATE TRIGGER product_api_documents_version_insert AFTER INSERT ON product_api_documents
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_api_documents_version_update AFTER UPDATE ON product_api_documents
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_api_documents_version_delete AFTER DELETE ON product_api_documents
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
