package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.engine.CfgBatching;
import dev.seedframe.engine.DeviceChoice;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.qwenimage.QwenImageProvider;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.PortableKernels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projects made by the previous release ({@code src/test/resources/release-projects/}, see its README) through
 * this version's application layer: they open (migrated to notes as codes, their records hashed and audit trail
 * chained, tamper-evident from then on: sound by their hashes), every stored cache key is still the
 * key this version computes for its record (the canonical request bytes did not change), each generation replays
 * to identical pixels with the engine options it was made with, and asking again for a recorded request is
 * answered from the project. With libtorch's portable CPU kernels ({@link PortableKernels}), on which every generation
 * replays as the release made it.
 */
@Tag("e2e")
class ReleaseProjectsTest {

    @TempDir
    static Path dir;

    static ModelService models;
    static UseCases app;

    @BeforeAll
    static void engine() {
        PortableKernels.assumePinned();
        models = new ModelService(new QwenImageProvider());
        app = new UseCases(models, new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults())),
                new ModelRegistry(dir.resolve("models.json")), Golden.tinyModel());
    }

    @AfterAll
    static void close() {
        if (models != null) { // null where the kernels' assumption skipped the class
            models.close();
        }
    }

    private static Project copy(String name) throws Exception {
        Path f = dir.resolve(System.nanoTime() + "-" + name);
        try (InputStream in = ReleaseProjectsTest.class.getResourceAsStream("/release-projects/" + name)) {
            Files.copy(in, f);
        }
        return app.projects().open(f);
    }

    /** The engine options a recorded generation ran with (on the CPU). */
    private static EngineOptions recordedOptions(GenerationRecord rec) {
        return new EngineOptions(DeviceChoice.cpu(), MemoryMode.parse(rec.environment().memoryMode()), Precision.F32,
                CfgBatching.parse(rec.environment().cfgBatching()));
    }

    private static void replaysAndCachesAsRecorded(String name, Path model, int generations) throws Exception {
        try (Project p = copy(name)) {
            // opened, the release's file was upgraded: every record hashed and every audit entry chained as it was
            assertEquals(List.of(), p.verifyFile(), "sound, with the audit chain the upgrade made");
            assertEquals(java.util.Map.of(), p.tampering(), "every record as the release wrote it");
            List<GenerationSummary> all = p.history();
            assertEquals(generations, all.size());
            for (GenerationSummary s : all) {
                GenerationRecord rec = p.load(s.id());
                String json = RequestJson.write(rec.request());
                assertEquals(rec.cacheKey(), Provenance.cacheKey(json, rec.model(), rec.environment()),
                        "#" + s.id() + ": the key this version makes for the record is the one the release stored");

                models.setOptions(recordedOptions(rec));
                ReplayReport r = app.replay(p, s.id(), model, ProgressListener.NONE, new CancellationToken());
                assertEquals(ReplayReport.Verdict.IDENTICAL, r.verdict(), name + " " + r.describe());

                if (models.inspect(model).environment().equals(rec.environment())) { // the machine it was made on
                    Generation again = app.generate(model, rec.request(), Recording.into(p, rec.parentId(), List.of()),
                            ProgressListener.NONE, new CancellationToken());
                    assertTrue(again.fromCache(), "#" + s.id() + " answered from the project");
                    assertEquals(s.id(), again.id());
                    assertEquals(rec.output(), again.image());
                }
            }
            assertEquals(generations, p.history().size(), "replays and cached answers record nothing new");
            assertEquals(List.of(), p.verifyFile(), "the replays' audit entries continue the chain");
        } finally {
            models.setOptions(EngineOptions.defaults());
        }
    }

    @Test
    void theReleaseProjectReplaysIdenticallyAndItsCacheKeysStillFindItsImages() throws Exception {
        replaysAndCachesAsRecorded("release-0.1.0.seedframe", Golden.tinyModel(), 8);
    }

    @Test
    void theReleaseEditProjectToo() throws Exception {
        replaysAndCachesAsRecorded("release-0.1.0-edit.seedframe", Golden.tinyEditModel(), 1);
    }

    @Test
    void theReleasesEnglishNotesOpenAsCodesWithTheSameWords() throws Exception {
        try (Project p = copy("release-0.1.0.seedframe")) {
            List<Note> notes = p.load(4).adjustments();
            assertEquals(List.of(NoteCode.CFG_OFF, NoteCode.UNMASKED_KEPT), notes.stream().map(Note::known).toList());
            assertEquals("Unmasked region unchanged: 2496 pixels outside the mask and its 8 px feather are"
                    + " bit-identical to the source (SHA-256 f1b945cb385ab0e4)", notes.get(1).english());
        }
        try (Project p = copy("release-0.1.0-edit.seedframe")) {
            Note resized = p.load(1).adjustments().get(0);
            assertEquals(NoteCode.EDIT_RESIZED, resized.known());
            assertEquals(Note.of(NoteCode.TARGET_CONDITION, "64"), resized.args().get(5));
        }
    }
}
