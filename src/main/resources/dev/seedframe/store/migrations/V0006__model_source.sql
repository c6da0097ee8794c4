-- Schema 6: where each generation's model came from, beside its identity (model_json says what it was; this says
-- where to find it again): a Hugging Face Hub repository at a commit, found in a Hub cache or downloaded there, or
-- a plain folder. Generations recorded before this version, and imported ones, have no row.
-- Applied by Migrator inside one transaction, which also sets PRAGMA user_version = 6.
-- Shipped: never edit; add a new V000N file instead.

CREATE TABLE generation_model_source (
    generation_id INTEGER PRIMARY KEY REFERENCES generation (id) ON DELETE CASCADE,
    repo_id       TEXT,
    revision      TEXT,
    commit_hash   TEXT CHECK (commit_hash IS NULL OR length(commit_hash) = 40),
    folder        TEXT    NOT NULL,
    CHECK ((repo_id IS NULL) = (commit_hash IS NULL))
);
