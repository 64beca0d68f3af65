-- The OpenAPI document of each product API, as uploaded (POST .../api-details/{api_id}/oas).
-- Keyed by the API's APIID within its product, so that replacing a product's API list keeps the
-- documents of the APIs that stay (the repository deletes those of the APIs that go).
-- Applied inside one transaction holding the migration advisory lock: no BEGIN/COMMIT here.

CREATE TABLE product_api_documents (
  product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  api_id     TEXT   NOT NULL,
  media_type TEXT   NOT NULL,
  document   TEXT   NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (product_id, api_id)
);

CREATE TRIGGER product_api_documents_version
BEFORE INSERT OR UPDATE OR DELETE ON product_api_documents
FOR EACH STATEMENT EXECUTE FUNCTION content_version_bump();
