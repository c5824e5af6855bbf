-- Signal keys of enrolled devices (public keys and signatures only) and per-account delivery-key
-- hashes. Every row hangs off a device or an account with ON DELETE CASCADE, so turning messaging
-- off, or a new install replacing the device, erases them (and secure_delete zeroes the pages).

-- The device's long-term identity: fixed once uploaded.
CREATE TABLE identity_keys (
  device_id        TEXT PRIMARY KEY REFERENCES devices(device_id) ON DELETE CASCADE,
  identity_key     BLOB NOT NULL,
  registration_id  INTEGER NOT NULL
) WITHOUT ROWID;

-- The current signed EC prekey, replaced by each upload.
CREATE TABLE signed_prekeys (
  device_id    TEXT PRIMARY KEY REFERENCES devices(device_id) ON DELETE CASCADE,
  key_id       INTEGER NOT NULL,
  public_key   BLOB NOT NULL,
  signature    BLOB NOT NULL,
  uploaded_at  INTEGER NOT NULL           -- epoch milliseconds
) WITHOUT ROWID;

-- Kyber prekeys: one-time ones (popped by bundle fetches) and one last-resort key (last_resort = 1)
-- that stays.
CREATE TABLE kyber_prekeys (
  device_id    TEXT NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
  key_id       INTEGER NOT NULL,
  public_key   BLOB NOT NULL,
  signature    BLOB NOT NULL,
  last_resort  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (device_id, key_id)
) WITHOUT ROWID;

-- One-time EC prekeys, popped by bundle fetches.
CREATE TABLE ec_prekeys (
  device_id   TEXT NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
  key_id      INTEGER NOT NULL,
  public_key  BLOB NOT NULL,
  PRIMARY KEY (device_id, key_id)
) WITHOUT ROWID;

-- SHA-256 of the account's 16-byte delivery key; the key itself is never stored.
CREATE TABLE delivery_keys (
  account   BLOB PRIMARY KEY REFERENCES accounts(token) ON DELETE CASCADE,
  key_hash  BLOB NOT NULL CHECK (length(key_hash) = 32)
) WITHOUT ROWID;
