package dev.seedframe.store.sqlite;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ImportedFile;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.NewGeneration;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.ProjectStore;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema 4: imported pictures kept byte for byte, and layers holding a region with its alpha. */
class ImportsAndLayersStoreTest {

    static final StoreOptions OPTIONS = StoreOptions.defaults().withActor("ada");

    @TempDir
    Path dir;

    static final byte[] FILE = "the picture file's own bytes".getBytes(StandardCharsets.UTF_8);

    static NewGeneration importNode(RgbImage img) {
        GenerationRequest r = GenerationRequest.builder(PipelineKind.IMPORT).prompt("").steps(0).size(img.width(),
                img.height()).build();
        return new NewGeneration(r, Samples.model(), Samples.environment(), List.of(Note.of(NoteCode.RECORDED, "imported from a.png")),
                new Timings(0, 0, 0, 0), null, img, null);
    }

    @Test
    void anImportKeepsItsFileAndAlphaAndComesBackAsAnImportNode() throws Exception {
        Path f = dir.resolve("p.seedframe");
        RgbImage img = Samples.noise(12, 8, 1);
        Mask alpha = Samples.mask(12, 8, 2);
        long id;
        try (SqliteProjectStore s = SqliteProjectStore.create(f, OPTIONS)) {
            id = s.recordImport(importNode(img), ImportedFile.of("a.png", "png", FILE), alpha);
        }
        try (SqliteProjectStore s = SqliteProjectStore.open(f, OPTIONS)) {
            GenerationRecord rec = s.load(id);
            assertEquals(PipelineKind.IMPORT, rec.request().kind());
            assertEquals(img, rec.output());
            assertEquals(PipelineKind.IMPORT, s.history().get(0).kind());
            ProjectStore.ImportRecord r = s.importRecord(id).orElseThrow();
            assertArrayEquals(FILE, r.file().bytes());
            assertEquals("a.png", r.file().name());
            assertEquals(FILE.length, r.file().size());
            assertEquals(dev.seedframe.domain.Hashes.sha256Hex(FILE), r.file().sha256());
            assertEquals(alpha, r.alpha());
            assertEquals(Optional.empty(), s.importRecord(id + 1));
            AuditEntry last = s.auditTrail().get(s.auditTrail().size() - 1);
            assertEquals(AuditEntry.IMPORT, last.action());
            assertTrue(last.detail().startsWith("imported a.png (png, " + FILE.length + " bytes, SHA-256 "), last.detail());
            assertEquals(List.of(), s.verify());
            // deleting the import takes its file and alpha, keeps its pixels for an edit that uses them
            long edit = s.record(Samples.generation(Samples.inpaint(img, Samples.mask(12, 8, 3), 1).toBuilder()
                    .outpaint(null).build(), id, Samples.noise(12, 8, 4), null));
            s.delete(id, "ada");
            assertEquals(Optional.empty(), s.importRecord(id));
            assertEquals(img, s.load(edit).request().images().get(0));
            assertEquals(List.of("0"), RawSqlite.column(f, "SELECT count(*) FROM imported_file"));
            assertEquals(List.of("0"), RawSqlite.column(f, "SELECT count(*) FROM image WHERE sha256 = '"
                    + alpha.sha256() + "'"), "the alpha went with it");
            assertEquals(List.of(), s.verify());
        }
    }

    @Test
    void aDamagedImportedFileIsSaid() throws Exception {
        Path f = dir.resolve("p.seedframe");
        try (SqliteProjectStore s = SqliteProjectStore.create(f, OPTIONS)) {
            long id = s.recordImport(importNode(Samples.noise(4, 4, 1)), ImportedFile.of("a.jpg", "jpeg", FILE), null);
            try (Connection c = RawSqlite.connect(f);
                    PreparedStatement ps = c.prepareStatement("UPDATE imported_file SET bytes = ?")) {
                ps.setBytes(1, "other".getBytes(StandardCharsets.UTF_8));
                ps.executeUpdate();
            }
            DamagedProjectException e = assertThrows(DamagedProjectException.class, () -> s.importRecord(id));
            assertTrue(e.getMessage().contains("(a.jpg)") && e.getMessage().endsWith("its bytes no longer match their"
                    + " SHA-256."), e.getMessage());
            assertEquals(List.of("The file imported as #" + id + " (a.jpg) is damaged: its bytes no longer match their"
                    + " SHA-256"), s.verify());
        }
    }

    @Test
    void aGenerationRecordedWithItsLayerKeepsTheRegionAlphaAndPlace() throws Exception {
        Path f = dir.resolve("p.seedframe");
        RgbImage src = Samples.noise(40, 30, 1);
        RgbImage patch = Samples.noise(10, 6, 2);
        Mask alpha = Samples.mask(10, 6, 3);
        GenerationRequest req = Samples.inpaint(src, Samples.mask(40, 30, 4), 9).toBuilder().outpaint(null).raw(false)
                .context(new ContextBox(4, 4, 24, 16, 24, 16)).build();
        try (SqliteProjectStore s = SqliteProjectStore.create(f, OPTIONS)) {
            long base = s.record(Samples.generation(Samples.textToImage(1), null, src, null));
            long id = s.record(Samples.generation(req, base, Samples.noise(40, 30, 5), null),
                    new LayerPixels(7, 9, patch, alpha));
            assertEquals(req.context(), s.load(id).request().context(), "the context box is part of the record");
            List<Layer> layers = s.layers();
            assertEquals(1, layers.size());
            Layer l = layers.get(0);
            assertEquals(id, l.generationId());
            assertEquals(7, l.x());
            assertEquals(9, l.y());
            assertEquals(patch, s.image(l.imageSha256()));
            assertEquals(alpha, s.mask(l.alphaSha256()));
            assertTrue(l.visible());
            assertEquals(1.0, l.opacity());
            assertEquals(l.id(), s.addLayer(id), "a generation has one layer: adding it again finds it");
            assertEquals(1, s.layers().size());
            long whole = s.addLayer(base);
            assertEquals(new Layer(whole, 1, base, src.sha256(), true, 1.0), s.layers().get(1));
            s.removeLayer(l.id());
            assertEquals(List.of("0"), RawSqlite.column(f, "SELECT count(*) FROM image WHERE sha256 IN ('"
                    + patch.sha256() + "', '" + alpha.sha256() + "')"), "a removed layer's pixels and alpha go");
            assertEquals(List.of(), s.verify());
        }
    }
}
