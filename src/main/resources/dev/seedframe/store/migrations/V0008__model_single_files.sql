-- Schema 8: the single files a generation's model was loaded from (ComfyUI's transformer, text encoder or VAE files,
-- bf16 or fp8), beside the folder of generation_model_source, so that replay finds them again. A model of single
-- files alone has a row here and none in generation_model_source. Generations without single files have no row.
-- Applied by Migrator inside one transaction, which also sets PRAGMA user_version = 8.
-- Shipped: never edit; add a new V000N file instead.

CREATE TABLE generation_model_files (
    generation_id     INTEGER PRIMARY KEY REFERENCES generation (id) ON DELETE CASCADE,
    transformer_file  TEXT,
    text_encoder_file TEXT,
    vae_file          TEXT,
    configs_folder    TEXT,
    CHECK (transformer_file IS NOT NULL OR text_encoder_file IS NOT NULL OR vae_file IS NOT NULL)
);
