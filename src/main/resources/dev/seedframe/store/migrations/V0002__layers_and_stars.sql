-- Schema 2: the studio's layer stack, and stars on generations.
-- Applied by Migrator inside one transaction, which also sets PRAGMA user_version = 2.
-- Shipped: never edit; add a new V000N file instead.

ALTER TABLE generation ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1));

-- A layer shows an image; it remembers the generation that made it until that generation is deleted,
-- and keeps the image either way (the image is not removed while a layer uses it).
CREATE TABLE layer (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    position      INTEGER NOT NULL,
    generation_id INTEGER REFERENCES generation (id) ON DELETE SET NULL,
    image_sha256  TEXT    NOT NULL REFERENCES image (sha256) ON DELETE RESTRICT,
    visible       INTEGER NOT NULL DEFAULT 1 CHECK (visible IN (0, 1)),
    opacity       REAL    NOT NULL DEFAULT 1.0 CHECK (opacity >= 0.0 AND opacity <= 1.0)
);
CREATE INDEX layer_position ON layer (position);
CREATE INDEX layer_generation ON layer (generation_id);
CREATE INDEX layer_image ON layer (image_sha256);
