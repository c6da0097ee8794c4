package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ModelSource;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.Engines;
import dev.seedframe.service.usecase.Replay;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.ModelFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation records where its model came from (a Hub snapshot: repository, revision, commit; or a folder), and
 * replay on another machine (no remembered folder, the cache elsewhere) finds the model again through the cache.
 */
@Tag("slow")
class ModelSourceReplayTest {

    static final String REPO = "Qwen/Qwen-Image-Tiny";
    static final String COMMIT = "c0ffee0000000000000000000000000000000001";
    static final GenerationRequest REQUEST = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
            .prompt("a lighthouse").seed(11).steps(2).size(16, 16).build();

    static ModelService models;

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        models = new ModelService(Engines.qwenImage());
    }

    @AfterAll
    static void close() {
        models.close();
    }

    /** The application on a machine of its own: its own remembered models and Hub caches, the same engine. */
    private UseCases machine(String name, List<Path> caches) {
        ModelRegistry registry = new ModelRegistry(tmp.resolve(name).resolve("models.json"), caches);
        return new UseCases(models, new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults())), registry,
                null);
    }

    private static long generate(UseCases app, Project p, Path model, GenerationRequest r) throws Exception {
        return app.generate(model, r, Recording.into(p, null, List.of()), ProgressListener.NONE,
                new CancellationToken()).id();
    }

    @Test
    void aSnapshotsSourceIsRecordedAndReplayElsewhereFindsItInTheCache() throws Exception {
        Path cacheA = tmp.resolve("a").resolve("hub");
        Path snapA = ModelFixtures.hubSnapshot(cacheA, REPO, COMMIT, "main", Golden.tinyModel());
        Path file = tmp.resolve("study.seedframe");
        long fromCache;
        long fromFolder;
        UseCases a = machine("a", List.of(cacheA));
        try (Project p = a.projects().create(file)) {
            fromCache = generate(a, p, snapA, REQUEST);
            fromFolder = generate(a, p, Golden.tinyModel(), REQUEST.toBuilder().seed(12).build());
            assertEquals(ModelSource.hub(REPO, "main", COMMIT, snapA.toString()), p.load(fromCache).modelSource());
            assertEquals(ModelSource.folder(Golden.tinyModel().toAbsolutePath().normalize().toString()),
                    p.load(fromFolder).modelSource());
        }

        // another machine: nothing remembered, the cache somewhere else, the first machine's cache gone
        Path cacheB = tmp.resolve("b").resolve("elsewhere");
        Path snapB = ModelFixtures.hubSnapshot(cacheB, REPO, COMMIT, "main", Golden.tinyModel());
        deleteTree(cacheA);
        UseCases b = machine("b", List.of(tmp.resolve("b").resolve("empty"), cacheB));
        try (Project p = b.projects().open(file)) {
            ReplayReport r = b.replay(p, fromCache, null, ProgressListener.NONE, new CancellationToken());
            assertEquals(ReplayReport.Verdict.IDENTICAL, r.verdict(), r.describe());
            assertEquals(snapB, r.modelFolder());
        }

        // a third machine without the snapshot: told how to get it
        UseCases c = machine("c", List.of(tmp.resolve("c")));
        try (Project p = c.projects().open(file)) {
            Replay.ModelNotFoundException e = assertThrows(Replay.ModelNotFoundException.class,
                    () -> c.replay(p, fromCache, null, ProgressListener.NONE, new CancellationToken()));
            assertTrue(e.getMessage().contains("seedframe download " + REPO + " --revision " + COMMIT), e.getMessage());
            // the folder-made one is still found where it was loaded from
            ReplayReport r = c.replay(p, fromFolder, null, ProgressListener.NONE, new CancellationToken());
            assertEquals(ReplayReport.Verdict.IDENTICAL, r.verdict());
        }
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
