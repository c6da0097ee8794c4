package dev.seedframe.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.store.DiskFullException;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk, met through SQLite's per-connection page limit ({@code PRAGMA max_page_count}). */
class DiskFullTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskIsReportedAndEverythingSavedBeforeStaysIntactAndReadable() throws Exception {
        Path file = dir.resolve("full.seedframe");
        try (SqliteProjectStore s = SqliteProjectStore.create(file, StoreOptions.defaults())) {
            for (int i = 0; i < 3; i++) {
                s.record(Samples.generation(Samples.textToImage(i), null, Samples.noise(24, 24, i), null));
            }
            List<GenerationSummary> before = s.history();
            List<AuditEntry> auditBefore = s.auditTrail();
            long images = RawSqlite.number(file, "SELECT count(*) FROM image");

            s.limitPagesForTesting(s.pageCount() + 2);
            RgbImage big = Samples.noise(200, 200, 99); // about 120 kB of PNG: 30 pages
            DiskFullException e = assertThrows(DiskFullException.class,
                    () -> s.record(Samples.generation(Samples.textToImage(9), 1L, big, null)));
            assertEquals("Could not save the generation: the disk is full. Everything saved before is intact; free some"
                    + " disk space and try again.", e.getMessage());

            assertEquals(before, s.history(), "reads still work and show every earlier generation");
            assertEquals(auditBefore, s.auditTrail());
            assertEquals(images, RawSqlite.number(file, "SELECT count(*) FROM image"), "the big image was rolled back");
            for (GenerationSummary g : before) {
                assertEquals(g.imageSha256(), s.load(g.id()).output().sha256());
            }
            assertEquals(List.of(), s.verify());
            s.star(1, true); // a write that needs no new page still works

            s.limitPagesForTesting(Integer.MAX_VALUE); // space freed
            long id = s.record(Samples.generation(Samples.textToImage(9), 1L, big, null));
            assertEquals(big, s.load(id).output());
        }
        try (SqliteProjectStore s = SqliteProjectStore.open(file, StoreOptions.defaults())) {
            assertEquals(4, s.history().size());
            assertEquals(List.of(), s.verify());
        }
    }
}
