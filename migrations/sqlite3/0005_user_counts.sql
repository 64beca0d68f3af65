-- User counts per (role, active), kept by triggers in the transaction of every change, so that a
-- list's X-Total-Count without a narrowing filter is a sum over at most eight rows instead of a
-- COUNT(*) over every user (12 ms at a million users on SQLite, 60–130 ms on PostgreSQL).
-- Also a narrow index on the ids, for deep pages of the unfiltered list (see user_repository.cpp).
-- Applied inside one BEGIN IMMEDIATE transaction by the migration runner: no BEGIN/COMMIT here.

CREATE TABLE user_counts (
  role   TEXT    NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  n      BIGINT  NOT NULL,
  PRIMARY KEY (role, active)
) WITHOUT ROWID;

INSERT INTO user_counts (role, active, n)
SELECT role, active, COUNT(*) FROM users GROUP BY role, active;

CREATE TRIGGER users_count_insert AFTER INSERT ON users
BEGIN
  INSERT INTO user_counts (role, active, n) VALUES (NEW.role, NEW.active, 1)
  ON CONFLICT (role, active) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER users_count_delete AFTER DELETE ON users
BEGIN
  UPDATE user_counts SET n = n - 1 WHERE role = OLD.role AND active = OLD.active;
END;

CREATE TRIGGER users_count_update AFTER UPDATE OF role, active ON users
WHEN OLD.role IS NOT NEW.role OR OLD.active IS NOT NEW.active
BEGIN
  UPDATE user_counts SET n = n - 1 WHERE role = OLD.role AND active = OLD.active;
  INSERT INTO user_counts (role, active, n) VALUES (NEW.role, NEW.active, 1)
  ON CONFLICT (role, active) DO UPDATE SET n = n + 1;
END;

-- The rowid table stores whole rows in id order, so skipping N ids there reads N rows; this index
-- holds the ids alone (an OFFSET of 500,000 reads 5 MB instead of 120 MB).
CREATE INDEX users_id_idx ON users (id);
