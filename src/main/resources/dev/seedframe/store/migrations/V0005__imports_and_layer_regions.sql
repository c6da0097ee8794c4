-- Schema 5: pictures imported from files, and layers that hold only the region an edit changed.
-- Applied by Migrator inside one transaction, which also sets PRAGMA user_version = 5.
-- Shipped: never edit; add a new V000N file instead.

-- A layer's pixels lie at (x, y) over the image it edits; alpha_sha256 names its coverage (a stored mask the size
-- of its pixels), NULL for an opaque layer. Layers of earlier versions are whole images: at 0,0, opaque.
ALTER TABLE layer ADD COLUMN x INTEGER NOT NULL DEFAULT 0 CHECK (x >= 0);
ALTER TABLE layer ADD COLUMN y INTEGER NOT NULL DEFAULT 0 CHECK (y >= 0);
ALTER TABLE layer ADD COLUMN alpha_sha256 TEXT REFERENCES image (sha256) ON DELETE RESTRICT;
CREATE INDEX layer_alpha ON layer (alpha_sha256);

-- A history node of kind 'import' is a picture brought in from a file: its generation row holds the decoded
-- pixels (output_sha256) and the conversions made (adjustments_json); this row keeps the file byte for byte, so
-- the pixels can be decoded again from the project alone (file_hash: the SHA-256 of its bytes), and its alpha
-- channel (a stored mask), if it had one.
CREATE TABLE imported_file (
    generation_id INTEGER NOT NULL PRIMARY KEY REFERENCES generation (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    size          INTEGER NOT NULL CHECK (size >= 0),
    file_hash     TEXT    NOT NULL CHECK (length(file_hash) = 64),
    format        TEXT    NOT NULL,
    bytes         BLOB    NOT NULL,
    alpha_sha256  TEXT    REFERENCES image (sha256) ON DELETE RESTRICT
);
CREATE INDEX imported_file_alpha ON imported_file (alpha_sha256);
CREATE INDEX imported_file_hash ON imported_file (file_hash);
