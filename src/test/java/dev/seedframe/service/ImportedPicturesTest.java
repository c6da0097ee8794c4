package dev.seedframe.service;

import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.domain.Timings;
import dev.seedframe.domain.Note;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.imaging.Png;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import use case on a real project (no model runs for an import): the node, its file kept byte for byte and
 * decoded again by replay, the settings a PNG offers, and a refused file leaving the project as it was.
 */
class ImportedPicturesTest {

    @TempDir
    Path dir;

    Project project;

    @BeforeEach
    void open() throws Exception {
        project = new Project(SqliteProjectStore.create(dir.resolve("p.seedframe"), StoreOptions.defaults()));
    }

    @Test
    void aPictureBecomesAnImportedRootNodeThatReplaysFromItsFile() throws Exception {
        RgbImage img = Samples.noise(30, 20, 1);
        byte[] png = Png.encode(img, Map.of());
        ImportedPictures.Result r = ImportedPictures.importBytes(project, png, "pasted image");
        assertTrue(r.settings().isEmpty(), "a plain picture offers no settings");
        GenerationRecord rec = project.load(r.nodeId());
        assertEquals(PipelineKind.IMPORT, rec.request().kind());
        assertEquals(null, rec.parentId());
        assertEquals(img, rec.output());
        assertEquals(List.of("imported from pasted image (png, " + png.length + " bytes)"), Note.english(rec.adjustments()));
        assertArrayEquals(png, project.importRecord(r.nodeId()).orElseThrow().file().bytes());
        ReplayReport replay = ImportedPictures.replay(rec, project.importRecord(r.nodeId()).orElseThrow());
        assertEquals(ReplayReport.Verdict.IDENTICAL, replay.verdict(), replay.describe());
    }

    @Test
    void aPngWithParametersOrSeedframeDataOffersItsSettings() throws Exception {
        RgbImage img = Samples.noise(64, 48, 2);
        byte[] a1111 = Png.encode(img, Map.of("parameters", "a cat on a sofa\nNegative prompt: dog\nSteps: 20,"
                + " Sampler: Euler, CFG scale: 5, Seed: 7, Size: 64x48"));
        SeedframePng.Imported s = ImportedPictures.importBytes(project, a1111, "cat.png").settings().orElseThrow();
        assertFalse(s.exact());
        assertEquals("a cat on a sofa", s.request().prompt());
        assertEquals("dog", s.request().negativePrompt());
        assertEquals(7, s.request().seed());
        assertEquals(20, s.request().steps());

        GenerationRequest made = Samples.textToImage(11);
        byte[] ours = SeedframePng.encode(new Generation(3, made, RequestJson.write(made), img, List.of(),
                new Timings(0, 0, 0, 0), Samples.model(), Samples.environment(), null, null, false, 0));
        SeedframePng.Imported exact = ImportedPictures.importBytes(project, ours, "ours.png").settings().orElseThrow();
        assertTrue(exact.exact());
        assertEquals(made, exact.request());
        assertEquals(2, project.history().size(), "each picture imported as a node; the settings are only offered");
    }

    @Test
    void aFileThatCannotBeImportedLeavesTheProjectAsItWas() throws Exception {
        ImportedPictures.importBytes(project, Png.encode(Samples.noise(8, 8, 3), Map.of()), "first.png");
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImportedPictures.importBytes(project,
                "hello".getBytes(StandardCharsets.UTF_8), "notes.txt"));
        assertTrue(e.getMessage().startsWith("notes.txt is not an image"), e.getMessage());
        assertEquals(1, project.history().size());
        assertEquals(List.of(), project.verifyFile());
    }
}
