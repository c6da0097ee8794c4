package dev.seedframe.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.seedframe.domain.ModelSource;
import dev.seedframe.domain.NewGeneration;
import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a generation's model came from is recorded with it, read back, and goes when the generation goes. */
class ModelSourceStoreTest {

    static final StoreOptions OPTIONS = StoreOptions.defaults().withActor("ada");

    @TempDir
    Path dir;

    private static NewGeneration withSource(long seed, ModelSource source) {
        NewGeneration g = Samples.generation(Samples.textToImage(seed), null, Samples.noise(4, 4, seed), null);
        return new NewGeneration(g.request(), g.model(), g.environment(), g.adjustments(), g.timings(), g.parentId(),
                g.output(), g.cacheKey(), null, source);
    }

    @Test
    void aHubSourceAndAFolderSourceAreReadBackAndOlderRecordsHaveNone() throws Exception {
        Path file = dir.resolve("p.seedframe");
        ModelSource hub = ModelSource.hub("Qwen/Qwen-Image", "main", "75e0b4be04f60ec59a75f475837eced720f823b6",
                "/home/ada/.cache/huggingface/hub/models--Qwen--Qwen-Image/snapshots/75e0b4be04f60ec59a75f475837eced720f823b6");
        ModelSource folder = ModelSource.folder("/models/Qwen-Image");
        long a;
        long b;
        long c;
        try (SqliteProjectStore s = SqliteProjectStore.create(file, OPTIONS)) {
            a = s.record(withSource(1, hub));
            b = s.record(withSource(2, folder));
            c = s.record(Samples.generation(Samples.textToImage(3), null, Samples.noise(4, 4, 3), null));
        }
        try (SqliteProjectStore s = SqliteProjectStore.open(file, OPTIONS)) {
            assertEquals(hub, s.load(a).modelSource());
            assertEquals(folder, s.load(b).modelSource());
            assertNull(s.load(c).modelSource());
            s.delete(a, "ada");
            assertEquals(List.of(), s.verify());
        }
        assertEquals(List.of("1"), RawSqlite.column(file, "SELECT count(*) FROM generation_model_source"));
    }

    @Test
    void aDamagedSourceRowIsNamedNotIgnored() throws Exception {
        Path file = dir.resolve("p.seedframe");
        long id;
        try (SqliteProjectStore s = SqliteProjectStore.create(file, OPTIONS)) {
            id = s.record(withSource(1, ModelSource.folder("/m")));
        }
        RawSqlite.exec(file, "UPDATE generation_model_source SET folder = NULL WHERE 0; PRAGMA ignore_check_constraints = 1;"
                + " UPDATE generation_model_source SET repo_id = 'x/y'");
        try (SqliteProjectStore s = SqliteProjectStore.open(file, OPTIONS)) {
            assertThrows(DamagedProjectException.class, () -> s.load(id));
        }
    }
}
