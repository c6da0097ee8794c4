-- Schema 7: a tamper-evident project. Each generation keeps the hash of its record (request, model identity,
-- engine environment, notes, output and input image addresses, listed fields, the file an imported picture came
-- from, where its model came from, the region layer it recorded: RecordHasher), each audit entry the record of the
-- generation it wrote and a hash chaining it to the entry before, and signatures over the chain's head may be
-- added. The hashes of generations and entries already in the file are computed by the data step RecordHasher
-- (store.sqlite), run by Migrator in this script's transaction, so they attest the file as it was upgraded.
-- Applied by Migrator inside one transaction, which also sets PRAGMA user_version = 7.
-- Shipped: never edit; add a new V000N file instead.

ALTER TABLE generation ADD COLUMN record_hash TEXT CHECK (record_hash IS NULL OR length(record_hash) = 64);

-- The parts' hashes of the generation an entry recorded ("request=...\nmodel=..."), for the entry that recorded it
-- (generate, or import for a picture imported from a file).
ALTER TABLE audit ADD COLUMN record TEXT;
-- SHA-256 of the previous entry (64 zeros for the first) and of this entry with that link (RecordHasher.entry).
ALTER TABLE audit ADD COLUMN prev_hash TEXT CHECK (prev_hash IS NULL OR length(prev_hash) = 64);
ALTER TABLE audit ADD COLUMN entry_hash TEXT CHECK (entry_hash IS NULL OR length(entry_hash) = 64);

-- Ed25519 signatures over the chain's head at the time of signing: audit entry audit_id, whose hash is
-- entry_hash, and so every entry before it.
CREATE TABLE signature (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    audit_id     INTEGER NOT NULL,
    entry_hash TEXT    NOT NULL CHECK (length(entry_hash) = 64),
    public_key   TEXT    NOT NULL,
    signature    TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    actor        TEXT    NOT NULL
);
