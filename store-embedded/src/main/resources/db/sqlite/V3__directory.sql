-- The directory's change log, for the filter deltas phones download. A change names an account by
-- its filter key only: the first 8 of its token's 32 bytes, which cannot address it. Triggers write
-- it in the same transaction that turns messaging on or off, so the log never disagrees with
-- accounts. Changes older than the delta retention are pruned (docs/decisions/0005).
CREATE TABLE directory_changes (
  version  INTEGER PRIMARY KEY AUTOINCREMENT,
  key      BLOB NOT NULL CHECK (length(key) = 8),
  added    INTEGER NOT NULL CHECK (added IN (0, 1))
);

-- Changes after this version are all still in the log.
CREATE TABLE directory_floor (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  INTEGER NOT NULL
);
INSERT INTO directory_floor VALUES (1, 0);

CREATE TRIGGER directory_account_added AFTER INSERT ON accounts WHEN NEW.messaging = 1 BEGIN INSERT INTO directory_changes (key, added) VALUES (substr(NEW.token, 1, 8), 1); END;
CREATE TRIGGER directory_messaging_on AFTER UPDATE OF messaging ON accounts WHEN NEW.messaging = 1 AND OLD.messaging = 0 BEGIN INSERT INTO directory_changes (key, added) VALUES (substr(NEW.token, 1, 8), 1); END;
CREATE TRIGGER directory_messaging_off AFTER UPDATE OF messaging ON accounts WHEN NEW.messaging = 0 AND OLD.messaging = 1 BEGIN INSERT INTO directory_changes (key, added) VALUES (substr(OLD.token, 1, 8), 0); END;
CREATE TRIGGER directory_account_removed AFTER DELETE ON accounts WHEN OLD.messaging = 1 BEGIN INSERT INTO directory_changes (key, added) VALUES (substr(OLD.token, 1, 8), 0); END;
