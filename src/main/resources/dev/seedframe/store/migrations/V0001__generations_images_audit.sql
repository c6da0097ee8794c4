-- Schema 1: generations, the images they use and make (content-addressed, stored once), the audit trail.
-- Applied by Migrator inside one transaction, which also sets PRAGMA user_version = 1.
-- Shipped: never edit; add a new V000N file instead.

-- Marks the file as a Seedframe project: 0x53656564, "Seed" in ASCII.
PRAGMA application_id = 1399154020;

-- Every image and mask, keyed by the SHA-256 of its pixels (RgbImage.sha256 / Mask.sha256), as a PNG.
CREATE TABLE image (
    sha256     TEXT    NOT NULL PRIMARY KEY CHECK (length(sha256) = 64),
    kind       TEXT    NOT NULL CHECK (kind IN ('rgb', 'mask')),
    width      INTEGER NOT NULL CHECK (width > 0),
    height     INTEGER NOT NULL CHECK (height > 0),
    png        BLOB    NOT NULL,
    created_at TEXT    NOT NULL
);

-- One row per generation. Queried fields are columns; the full request, model identity and engine
-- environment are canonical JSON with their own format version ("v").
CREATE TABLE generation (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id         INTEGER REFERENCES generation (id),
    created_at        TEXT    NOT NULL,
    author            TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    prompt            TEXT    NOT NULL,
    seed              INTEGER NOT NULL,
    steps             INTEGER NOT NULL,
    cfg               REAL    NOT NULL,
    width             INTEGER NOT NULL,
    height            INTEGER NOT NULL,
    request_json      TEXT    NOT NULL,
    model_sha256      TEXT    NOT NULL,
    model_json        TEXT    NOT NULL,
    seedframe_version TEXT,
    device            TEXT,
    dtype             TEXT,
    environment_json  TEXT    NOT NULL,
    adjustments_json  TEXT    NOT NULL,
    text_encode_ms    INTEGER NOT NULL,
    denoise_ms        INTEGER NOT NULL,
    decode_ms         INTEGER NOT NULL,
    total_ms          INTEGER NOT NULL,
    output_sha256     TEXT    NOT NULL REFERENCES image (sha256) ON DELETE RESTRICT
);
CREATE INDEX generation_parent ON generation (parent_id);
CREATE INDEX generation_seed ON generation (seed);
CREATE INDEX generation_output ON generation (output_sha256);

-- The input images (role 'image', in request order) and the mask (role 'mask') of each generation:
-- the request JSON names them too; this table lets the store see which images are still in use.
CREATE TABLE generation_input (
    generation_id INTEGER NOT NULL REFERENCES generation (id) ON DELETE CASCADE,
    role          TEXT    NOT NULL CHECK (role IN ('image', 'mask')),
    position      INTEGER NOT NULL CHECK (position >= 0),
    image_sha256  TEXT    NOT NULL REFERENCES image (sha256) ON DELETE RESTRICT,
    PRIMARY KEY (generation_id, role, position)
);
CREATE INDEX generation_input_image ON generation_input (image_sha256);

-- Who did what, when. No foreign key on generation_id: the trail outlives the generations it names.
CREATE TABLE audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    generation_id INTEGER,
    detail        TEXT
);
CREATE INDEX audit_generation ON audit (generation_id);
