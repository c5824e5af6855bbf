-- Accounts are named by a keyed PRF of their phone number (32 bytes); the number is never stored.
CREATE TABLE accounts (
  token       BLOB PRIMARY KEY CHECK (length(token) = 32),
  created_at  INTEGER NOT NULL,           -- epoch milliseconds
  messaging   INTEGER NOT NULL DEFAULT 0  -- 1 while Cloud Messaging is on
) WITHOUT ROWID;

-- One row per enrolled install: a random id and the SHA-256 of a random secret.
CREATE TABLE devices (
  device_id    TEXT PRIMARY KEY,
  account      BLOB NOT NULL REFERENCES accounts(token) ON DELETE CASCADE,
  secret_hash  BLOB NOT NULL CHECK (length(secret_hash) = 32),
  created_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX devices_by_account ON devices(account);
