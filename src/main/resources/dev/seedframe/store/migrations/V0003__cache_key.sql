-- Schema 3: the result cache. A generation remembers the key its request, model identity and engine
-- environment hash to; an identical later request finds it by that key. Generations recorded before
-- this version have no key and are never answered from the cache.
-- Applied by Migrator inside one transaction, which also sets PRAGMA user_version = 3.
-- Shipped: never edit; add a new V000N file instead.

ALTER TABLE generation ADD COLUMN cache_key TEXT;
CREATE INDEX generation_cache_key ON generation (cache_key);
