package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ModelSource;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.qwenimage.QwenImageProvider;
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

    static GenerationService generation;

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        generation = new GenerationService(new ModelService(new QwenImageProvider()));
    }

    @AfterAll
    static void close() {
        generation.close(java.time.Duration.ofSeconds(30));
    }

    private ProjectService machine(String name, List<Path> caches) {
        ModelRegistry registry = new ModelRegistry(tmp.resolve(name).resolve("models.json"), caches);
        return new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults()), generation, registry, null);
    }

    @Test
    void aSnapshotsSourceIsRecordedAndReplayElsewhereFindsItInTheCache() throws Exception {
        Path cacheA = tmp.resolve("a").resolve("hub");
        Path snapA = ModelFixtures.hubSnapshot(cacheA, REPO, COMMIT, "main", Golden.tinyModel());
        Path file = tmp.resolve("study.seedframe");
        long fromCache;
        long fromFolder;
        try (Project p = machine("a", List.of(cacheA)).create(file)) {
            fromCache = p.generate(snapA, REQUEST, null, List.of(), ProgressListener.NONE, new CancellationToken())
                    .generationId();
            fromFolder = p.generate(Golden.tinyModel(), REQUEST.toBuilder().seed(12).build(), null, List.of(),
                    ProgressListener.NONE, new CancellationToken()).generationId();
            assertEquals(ModelSource.hub(REPO, "main", COMMIT, snapA.toString()), p.load(fromCache).modelSource());
            assertEquals(ModelSource.folder(Golden.tinyModel().toAbsolutePath().normalize().toString()),
                    p.load(fromFolder).modelSource());
        }

        // another machine: nothing remembered, the cache somewhere else, the first machine's cache gone
        Path cacheB = tmp.resolve("b").resolve("elsewhere");
        Path snapB = ModelFixtures.hubSnapshot(cacheB, REPO, COMMIT, "main", Golden.tinyModel());
        deleteTree(cacheA);
        try (Project p = machine("b", List.of(tmp.resolve("b").resolve("empty"), cacheB)).open(file)) {
            ReplayReport r = p.replay(fromCache, null, ProgressListener.NONE, new CancellationToken());
            assertEquals(ReplayReport.Verdict.IDENTICAL, r.verdict(), r.describe());
            assertEquals(snapB, r.modelFolder());
        }

        // a third machine without the snapshot: told how to get it
        try (Project p = machine("c", List.of(tmp.resolve("c"))).open(file)) {
            Project.ModelNotFoundException e = assertThrows(Project.ModelNotFoundException.class,
                    () -> p.replay(fromCache, null, ProgressListener.NONE, new CancellationToken()));
            assertTrue(e.getMessage().contains("seedframe download " + REPO + " --revision " + COMMIT), e.getMessage());
            // the folder-made one is still found where it was loaded from
            ReplayReport r = p.replay(fromFolder, null, ProgressListener.NONE, new CancellationToken());
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
