package dev.seedframe.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.imaging.Png;
import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.NoSuchGenerationException;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreException;
import dev.seedframe.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteProjectStoreTest {

    static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");
    static final StoreOptions OPTIONS = StoreOptions.defaults().withActor("ada").withClock(Clock.fixed(NOW, ZoneOffset.UTC));

    @TempDir
    Path dir;

    private SqliteProjectStore newProject() throws StoreException {
        return SqliteProjectStore.create(dir.resolve("p.seedframe"), OPTIONS);
    }

    private static long t2i(SqliteProjectStore s, long seed, Long parent) throws StoreException {
        return s.record(Samples.generation(Samples.textToImage(seed), parent, Samples.noise(16, 12, seed), null));
    }

    private static long imageCount(Path file) throws Exception {
        return RawSqlite.number(file, "SELECT count(*) FROM image");
    }

    @Test
    void aNewProjectHasTheLatestSchemaARollbackJournalAndTheSeedframeApplicationId() throws Exception {
        Path file = dir.resolve("new.seedframe");
        try (SqliteProjectStore s = SqliteProjectStore.create(file, OPTIONS)) {
            assertEquals(SqliteProjectStore.SCHEMA_VERSION, s.schemaVersion());
            assertEquals(file.toAbsolutePath(), s.path());
            assertEquals(List.of(String.valueOf(SqliteProjectStore.SCHEMA_VERSION)), RawSqlite.column(file, "PRAGMA user_version"));
            assertEquals(List.of(String.valueOf(0x53656564)), RawSqlite.column(file, "PRAGMA application_id"));
            assertEquals(List.of("delete"), RawSqlite.column(file, "PRAGMA journal_mode"));
            assertEquals(List.of(AuditEntry.CREATE), s.auditTrail().stream().map(AuditEntry::action).toList());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("new.seedframe"), files.map(p -> p.getFileName().toString()).toList(),
                    "one file: no -wal, -shm or temporary files beside it");
        }
    }

    @Test
    void connectionsUseTheSettingsOfAdr0002() throws Exception {
        Path file = dir.resolve("p.seedframe");
        SqliteProjectStore.create(file, OPTIONS).close();
        try (Db db = Db.connect(file, java.time.Duration.ofMillis(1234), false)) {
            assertEquals(3, db.pragmaInt("synchronous"), "EXTRA");
            assertEquals(1, db.pragmaInt("foreign_keys"));
            assertEquals(1234, db.pragmaInt("busy_timeout"));
            assertEquals(0, db.pragmaInt("trusted_schema"));
            assertEquals(2, db.pragmaInt("auto_vacuum"), "INCREMENTAL");
            assertEquals(List.of("delete"), RawSqlite.column(db.connection(), "PRAGMA journal_mode"));
        }
    }

    @Test
    void aProjectOpenedReadOnlyReadsEverythingWritesNothingAndRefusesWrites() throws Exception {
        Path file = dir.resolve("shared.seedframe");
        long id;
        try (SqliteProjectStore s = SqliteProjectStore.create(file, OPTIONS)) {
            id = s.record(Samples.generation(Samples.textToImage(3), null, Samples.noise(16, 16, 3), "k3"));
        }
        byte[] before = Files.readAllBytes(file);
        try (SqliteProjectStore s = SqliteProjectStore.openReadOnly(file, OPTIONS)) {
            assertTrue(s.readOnly());
            assertEquals(1, s.history().size());
            assertEquals(3, s.load(id).request().seed());
            s.requireGeneration(id);
            assertThrows(NoSuchGenerationException.class, () -> s.requireGeneration(id + 1));
            assertEquals(-1, s.audit("tester", AuditEntry.EXPORT, id, "out.png"), "the audit line is skipped");
            assertThrows(StoreException.class, () -> s.record(
                    Samples.generation(Samples.textToImage(4), null, Samples.noise(16, 16, 4), "k4")));
            assertThrows(StoreException.class, () -> s.star(id, true));
        }
        assertArrayEquals(before, Files.readAllBytes(file), "not a byte written");

        Path old = dir.resolve("old.seedframe");
        try (var in = SqliteProjectStoreTest.class.getResourceAsStream("/store/v1.seedframe")) {
            Files.copy(in, old);
        }
        byte[] oldBytes = Files.readAllBytes(old);
        StoreException e = assertThrows(StoreException.class, () -> SqliteProjectStore.openReadOnly(old, OPTIONS));
        assertTrue(e.getMessage().contains("earlier Seedframe (schema 1) and must be upgraded"), e.getMessage());
        assertArrayEquals(oldBytes, Files.readAllBytes(old));
    }

    @Test
    void createRefusesAFileThatAlreadyExistsAndLeavesItAlone() throws Exception {
        Path file = dir.resolve("taken.seedframe");
        Files.writeString(file, "precious");
        StoreException e = assertThrows(StoreException.class, () -> SqliteProjectStore.create(file, OPTIONS));
        assertTrue(e.getMessage().contains("a file of that name already exists"), e.getMessage());
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void createInAFolderThatDoesNotExistSaysSo() {
        StoreException e = assertThrows(StoreException.class,
                () -> SqliteProjectStore.create(dir.resolve("missing/p.seedframe"), OPTIONS));
        assertTrue(e.getMessage().endsWith("the folder does not exist."), e.getMessage());
    }

    @Test
    void aRecordedGenerationLoadsBackWithEveryField() throws Exception {
        RgbImage src = Samples.noise(20, 10, 1);
        Mask mask = Samples.mask(20, 10, 2);
        GenerationRequest request = Samples.inpaint(src, mask, 99);
        RgbImage out = Samples.noise(20, 10, 3);
        try (SqliteProjectStore s = newProject()) {
            long parent = t2i(s, 1, null);
            long id = s.record(Samples.generation(request, parent, out, "k".repeat(64)));
            GenerationRecord r = s.load(id);
            assertEquals(id, r.id());
            assertEquals(parent, r.parentId());
            assertEquals(NOW, r.createdAt());
            assertEquals("ada", r.author());
            assertEquals(request, r.request());
            assertEquals(Samples.model(), r.model());
            assertEquals(Samples.environment(), r.environment());
            assertEquals(List.of("width 50 rounded to 48, a multiple of 16"), r.adjustments());
            assertEquals(new Timings(11, 222, 33, 270), r.timings());
            assertEquals(out.sha256(), r.outputSha256());
            assertEquals(out, r.output());
            assertFalse(r.starred());
            assertEquals("k".repeat(64), r.cacheKey());
        }
    }

    @Test
    void aReopenedProjectHoldsEverythingRecordedBefore() throws Exception {
        Path file = dir.resolve("p.seedframe");
        long id;
        try (SqliteProjectStore s = SqliteProjectStore.create(file, OPTIONS)) {
            id = t2i(s, 5, null);
        }
        try (SqliteProjectStore s = SqliteProjectStore.open(file, OPTIONS)) {
            assertEquals(Samples.textToImage(5), s.load(id).request());
            assertEquals(Samples.noise(16, 12, 5), s.load(id).output());
        }
    }

    @Test
    void theOutputIsStoredAsALosslessPngOfItsPixels() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            RgbImage out = Samples.noise(16, 12, 5);
            t2i(s, 5, null);
            try (Connection c = RawSqlite.connect(s.path());
                    PreparedStatement ps = c.prepareStatement("SELECT png FROM image WHERE sha256 = ?")) {
                ps.setString(1, out.sha256());
                var r = ps.executeQuery();
                assertTrue(r.next());
                assertArrayEquals(Png.encode(out, Map.of()), r.getBytes(1));
            }
        }
    }

    @Test
    void imagesAndMasksAreStoredOnceHoweverManyGenerationsUseThem() throws Exception {
        RgbImage src = Samples.noise(20, 10, 1);
        Mask mask = Samples.mask(20, 10, 2);
        RgbImage out = Samples.noise(20, 10, 3);
        try (SqliteProjectStore s = newProject()) {
            s.record(Samples.generation(Samples.inpaint(src, mask, 1), null, out, null));
            assertEquals(3, imageCount(s.path()));
            s.record(Samples.generation(Samples.inpaint(src, mask, 2), null, out, null));
            assertEquals(3, imageCount(s.path()), "same input, mask and output: nothing new stored");
            s.record(Samples.generation(Samples.inpaint(out, mask, 3), null, src, null));
            assertEquals(3, imageCount(s.path()), "an output reused as an input is the same image");
        }
    }

    @Test
    void historyListsEveryGenerationOldestFirstWithItsParent() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            long a = t2i(s, 1, null);
            long b = t2i(s, 2, a);
            long c = t2i(s, 3, a);
            List<GenerationSummary> h = s.history();
            assertEquals(List.of(a, b, c), h.stream().map(GenerationSummary::id).toList());
            assertEquals(new GenerationSummary(b, a, NOW, PipelineKind.TEXT_TO_IMAGE, 2, Samples.textToImage(2).prompt(),
                    64, 48, Samples.noise(16, 12, 2).sha256(), false), h.get(1));
            assertNull(h.get(0).parentId());
        }
    }

    @Test
    void recordingUnderAParentThatDoesNotExistFailsAndWritesNothing() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            t2i(s, 1, null);
            long images = imageCount(s.path());
            int audit = s.auditTrail().size();
            NoSuchGenerationException e = assertThrows(NoSuchGenerationException.class, () -> t2i(s, 2, 42L));
            assertEquals("Cannot save the generation: its parent, generation 42, is not in this project (it may have"
                    + " been deleted).", e.getMessage());
            assertEquals(1, s.history().size());
            assertEquals(images, imageCount(s.path()), "the new output image was rolled back with the generation");
            assertEquals(audit, s.auditTrail().size());
        }
    }

    @Test
    void loadingAnUnknownGenerationNamesItsId() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            NoSuchGenerationException e = assertThrows(NoSuchGenerationException.class, () -> s.load(17));
            assertEquals(17, e.id());
            assertEquals("Generation 17 is not in this project (it may have been deleted).", e.getMessage());
        }
    }

    @Test
    void theCacheFindsTheNewestGenerationRecordedUnderAKey() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            String key = "f".repeat(64);
            assertEquals(Optional.empty(), s.findByCacheKey(key));
            s.record(Samples.generation(Samples.textToImage(1), null, Samples.noise(4, 4, 1), key));
            long newer = s.record(Samples.generation(Samples.textToImage(1), null, Samples.noise(4, 4, 1), key));
            s.record(Samples.generation(Samples.textToImage(2), null, Samples.noise(4, 4, 2), "0".repeat(64)));
            t2i(s, 3, null);
            assertEquals(Optional.of(newer), s.findByCacheKey(key));
            assertEquals(Optional.empty(), s.findByCacheKey("1".repeat(64)));
        }
    }

    @Test
    void theCacheLookupUsesTheCacheKeyIndex() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            List<String> plan = new ArrayList<>();
            try (Connection c = RawSqlite.connect(s.path());
                    var st = c.createStatement();
                    var r = st.executeQuery("EXPLAIN QUERY PLAN SELECT id FROM generation WHERE cache_key = 'x'")) {
                while (r.next()) {
                    plan.add(r.getString("detail"));
                }
            }
            assertTrue(plan.toString().contains("generation_cache_key"), plan.toString());
        }
    }

    @Test
    void starsAreKeptAndAnUnknownGenerationCannotBeStarred() throws Exception {
        Path file = dir.resolve("p.seedframe");
        long id;
        try (SqliteProjectStore s = SqliteProjectStore.create(file, OPTIONS)) {
            id = t2i(s, 1, null);
            s.star(id, true);
            assertThrows(NoSuchGenerationException.class, () -> s.star(99, true));
        }
        try (SqliteProjectStore s = SqliteProjectStore.open(file, OPTIONS)) {
            assertTrue(s.load(id).starred());
            assertTrue(s.history().get(0).starred());
            s.star(id, false);
            assertFalse(s.load(id).starred());
        }
    }

    @Test
    void theAuditTrailSaysWhoGeneratedWhatAndKeepsEventsTheCallerRecords() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            long id = t2i(s, 7, null);
            s.audit("bob", AuditEntry.EXPORT, id, "exported to /tmp/x.png");
            s.audit("bob", AuditEntry.CACHE_HIT, id, null);
            List<AuditEntry> trail = s.auditTrail();
            assertEquals(List.of(AuditEntry.CREATE, AuditEntry.GENERATE, AuditEntry.EXPORT, AuditEntry.CACHE_HIT),
                    trail.stream().map(AuditEntry::action).toList());
            AuditEntry generate = trail.get(1);
            assertEquals("ada", generate.actor());
            assertEquals(NOW, generate.at());
            assertEquals(id, generate.generationId());
            assertTrue(generate.detail().startsWith("t2i seed 7, 64x48, 4 steps: "), generate.detail());
            assertEquals(new AuditEntry(trail.get(2).id(), NOW, "bob", "export", id, "exported to /tmp/x.png"), trail.get(2));
            assertNull(trail.get(3).detail());
        }
    }

    @Test
    void anAuditEntryNeedsAnActorAndAnAction() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            assertThrows(IllegalArgumentException.class, () -> s.audit(" ", "export", null, null));
            assertThrows(IllegalArgumentException.class, () -> s.audit("bob", null, null, null));
        }
    }

    @Test
    void deletingAGenerationGivesItsChildrenItsParent() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            long a = t2i(s, 1, null);
            long b = t2i(s, 2, a);
            long c = t2i(s, 3, b);
            long d = t2i(s, 4, b);
            s.delete(b, "ada");
            assertEquals(List.of(a, c, d), s.history().stream().map(GenerationSummary::id).toList());
            assertEquals(a, s.load(c).parentId());
            assertEquals(a, s.load(d).parentId());
            s.delete(a, "ada");
            assertNull(s.load(c).parentId(), "children of a root become roots");
            assertThrows(NoSuchGenerationException.class, () -> s.load(b));
        }
    }

    @Test
    void deletingAGenerationKeepsImagesThatOtherGenerationsStillUse() throws Exception {
        RgbImage first = Samples.noise(16, 12, 1);
        Mask mask = Samples.mask(16, 12, 2);
        try (SqliteProjectStore s = newProject()) {
            long a = s.record(Samples.generation(Samples.textToImage(1), null, first, null));
            long b = s.record(Samples.generation(Samples.inpaint(first, mask, 2), a, Samples.noise(16, 12, 3), null));
            s.delete(a, "ada");
            assertEquals(first, s.image(first.sha256()), "still b's input");
            assertEquals(Samples.inpaint(first, mask, 2), s.load(b).request());
            assertEquals(3, imageCount(s.path()));
            s.delete(b, "ada");
            assertEquals(0, imageCount(s.path()), "no one uses them any more");
            StoreException e = assertThrows(StoreException.class, () -> s.image(first.sha256()));
            assertEquals("There is no image " + first.sha256() + " in " + s.path() + ".", e.getMessage());
        }
    }

    @Test
    void aLayerKeepsItsImageWhenItsGenerationIsDeleted() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            long a = t2i(s, 1, null);
            long layer = s.addLayer(a);
            s.delete(a, "ada");
            Layer l = s.layers().get(0);
            assertNull(l.generationId());
            assertEquals(Samples.noise(16, 12, 1), s.image(l.imageSha256()));
            s.removeLayer(layer);
            assertEquals(0, imageCount(s.path()));
        }
    }

    @Test
    void deletingRecordsWhoDeletedWhatAndWhichImagesWentInTheAuditTrail() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            long a = t2i(s, 1, null);
            s.delete(a, "carol");
            AuditEntry last = s.auditTrail().get(s.auditTrail().size() - 1);
            assertEquals(AuditEntry.DELETE, last.action());
            assertEquals("carol", last.actor());
            assertEquals(a, last.generationId());
            assertTrue(last.detail().contains("1 images removed, 0 kept"), last.detail());
            assertThrows(NoSuchGenerationException.class, () -> s.delete(a, "carol"));
        }
    }

    @Test
    void deletingGivesTheSpaceBackToTheDisk() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(s.record(Samples.generation(Samples.textToImage(i), null, Samples.noise(200, 200, i), null)));
            }
            long full = Files.size(s.path());
            for (long id : ids) {
                s.delete(id, "ada");
            }
            assertTrue(Files.size(s.path()) < full / 4, Files.size(s.path()) + " bytes left of " + full);
        }
    }

    @Test
    void layersStackInOrderAndRememberVisibilityAndOpacity() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            long a = t2i(s, 1, null);
            long b = t2i(s, 2, null);
            long la = s.addLayer(a);
            long lb = s.addLayer(b);
            s.setLayerVisible(la, false);
            s.setLayerOpacity(lb, 0.25);
            assertEquals(List.of(
                    new Layer(la, 0, a, Samples.noise(16, 12, 1).sha256(), false, 1.0),
                    new Layer(lb, 1, b, Samples.noise(16, 12, 2).sha256(), true, 0.25)), s.layers());
            assertThrows(IllegalArgumentException.class, () -> s.setLayerOpacity(la, 1.5));
            StoreException e = assertThrows(StoreException.class, () -> s.setLayerVisible(99, true));
            assertEquals("Layer 99 is not in this project (it may have been removed).", e.getMessage());
            assertThrows(NoSuchGenerationException.class, () -> s.addLayer(99));
        }
    }

    @Test
    void saveAsWritesACopyAndContinuesOnItLeavingTheOldFileAsItWas() throws Exception {
        Path old = dir.resolve("old.seedframe");
        Path copy = dir.resolve("sub dir/copy 副本.seedframe");
        Files.createDirectories(copy.getParent());
        long a;
        long b;
        try (SqliteProjectStore s = SqliteProjectStore.create(old, OPTIONS)) {
            a = t2i(s, 1, null);
            s.saveAs(copy);
            assertEquals(copy.toAbsolutePath(), s.path());
            b = t2i(s, 2, a);
            assertEquals(List.of(a, b), s.history().stream().map(GenerationSummary::id).toList());
            assertEquals(AuditEntry.SAVE_AS, s.auditTrail().get(s.auditTrail().size() - 2).action());
        }
        try (SqliteProjectStore s = SqliteProjectStore.open(old, OPTIONS)) {
            assertEquals(List.of(a), s.history().stream().map(GenerationSummary::id).toList());
        }
        try (SqliteProjectStore s = SqliteProjectStore.open(copy, OPTIONS)) {
            assertEquals(Samples.noise(16, 12, 1), s.load(a).output());
            assertEquals(List.of(), s.verify());
        }
    }

    @Test
    void saveAsRefusesAnExistingFileAndStaysOnTheCurrentOne() throws Exception {
        Path other = dir.resolve("other.seedframe");
        Files.writeString(other, "keep me");
        try (SqliteProjectStore s = newProject()) {
            Path before = s.path();
            assertThrows(StoreException.class, () -> s.saveAs(other));
            assertEquals(before, s.path());
            t2i(s, 1, null);
        }
        assertEquals("keep me", Files.readString(other));
    }

    @Test
    void aClosedProjectSaysSo() throws Exception {
        SqliteProjectStore s = newProject();
        s.close();
        s.close();
        StoreException e = assertThrows(StoreException.class, s::history);
        assertEquals("The project " + s.path() + " is closed.", e.getMessage());
    }

    @Test
    void verifyFindsNothingWrongInASoundProject() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            s.record(Samples.generation(Samples.inpaint(Samples.noise(8, 8, 1), Samples.mask(8, 8, 2), 1), null,
                    Samples.noise(8, 8, 3), null));
            assertEquals(List.of(), s.verify());
        }
    }

    @Test
    void anImageWhoseStoredPixelsChangedIsReportedAsDamaged() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            long id = t2i(s, 1, null);
            String sha = s.load(id).outputSha256();
            try (Connection c = RawSqlite.connect(s.path());
                    PreparedStatement ps = c.prepareStatement("UPDATE image SET png = ? WHERE sha256 = ?")) {
                ps.setBytes(1, Png.encode(Samples.noise(16, 12, 2), Map.of()));
                ps.setString(2, sha);
                ps.executeUpdate();
            }
            DamagedProjectException e = assertThrows(DamagedProjectException.class, () -> s.load(id));
            assertTrue(e.getMessage().endsWith("is damaged: its pixels no longer match its content address."), e.getMessage());
            assertEquals(1, s.verify().size(), s.verify().toString());
        }
    }

    @Test
    void recordsFromManyThreadsAtOnceAllArriveWithDistinctIds() throws Exception {
        try (SqliteProjectStore s = newProject()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Long>> futures = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    long seed = i;
                    futures.add(pool.submit(() -> t2i(s, seed, null)));
                }
                Set<Long> ids = new HashSet<>();
                for (Future<Long> f : futures) {
                    ids.add(f.get());
                }
                assertEquals(16, ids.size());
                assertEquals(ids, new HashSet<>(s.history().stream().map(GenerationSummary::id).toList()));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theFactoryCreatesAndOpensProjects() throws Exception {
        var factory = SqliteProjectStore.factory(OPTIONS);
        Path file = dir.resolve("f.seedframe");
        try (var s = factory.create(file)) {
            assertEquals("ada", s.actor());
        }
        try (var s = factory.open(file)) {
            assertEquals(1, s.auditTrail().size());
        }
    }
}
