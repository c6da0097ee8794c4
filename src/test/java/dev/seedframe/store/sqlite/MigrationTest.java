package dev.seedframe.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.domain.Timings;
import dev.seedframe.store.ProjectStore;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreException;
import dev.seedframe.store.StoreOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Forward-only migrations, from a new file and from a committed fixture of every earlier schema. */
class MigrationTest {

    private static final StoreOptions OPTIONS = StoreOptions.defaults().withActor("upgrader");

    @TempDir
    Path dir;

    static IntStream earlierVersions() {
        return IntStream.range(1, SqliteProjectStore.SCHEMA_VERSION);
    }

    /** A working copy of the committed fixture {@code store/vN.seedframe}. */
    private Path fixture(int version) throws Exception {
        Path copy = dir.resolve("v" + version + ".seedframe");
        try (InputStream in = MigrationTest.class.getResourceAsStream("/store/v" + version + ".seedframe")) {
            assertNotNull(in, "a fixture file store/v" + version + ".seedframe is committed for every earlier schema");
            Files.copy(in, copy);
        }
        return copy;
    }

    private static List<String> schema(Path file) throws Exception {
        return RawSqlite.column(file, "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema"
                + " WHERE name NOT LIKE 'sqlite_%' ORDER BY name");
    }

    @ParameterizedTest(name = "schema {0}")
    @MethodSource("earlierVersions")
    void everyEarlierSchemaHasAFixtureFileOfThatVersion(int version) throws Exception {
        Path f = fixture(version);
        assertEquals(List.of(String.valueOf(version)), RawSqlite.column(f, "PRAGMA user_version"));
        assertEquals(List.of("ok"), RawSqlite.column(f, "PRAGMA integrity_check"));
    }

    @ParameterizedTest(name = "from schema {0}")
    @MethodSource("earlierVersions")
    void aFixtureOfEveryEarlierSchemaUpgradesToTheLatestWithItsDataIntact(int version) throws Exception {
        Path f = fixture(version);
        try (SqliteProjectStore s = SqliteProjectStore.open(f, OPTIONS)) {
            assertEquals(SqliteProjectStore.SCHEMA_VERSION, s.schemaVersion());
            assertEquals(List.of(String.valueOf(SqliteProjectStore.SCHEMA_VERSION)), RawSqlite.column(f, "PRAGMA user_version"));

            GenerationRecord first = s.load(1);
            assertEquals(FixtureData.first(), first.request());
            assertEquals(FixtureData.FIRST_OUTPUT, first.output());
            assertNull(first.parentId());
            assertEquals(FixtureData.WHEN, first.createdAt());
            assertEquals(FixtureData.AUTHOR, first.author());
            assertEquals(RequestJson.readModel(FixtureData.MODEL_JSON), first.model());
            assertEquals(RequestJson.readEnvironment(FixtureData.ENVIRONMENT_JSON), first.environment());
            assertEquals(List.of(Note.of(NoteCode.RECORDED, "height 5 rounded to 6")), first.adjustments(),
                    "words no pattern matches are kept as they were");
            assertEquals(new Timings(10, 20, 30, 60), first.timings());
            assertNull(first.cacheKey(), "generations from before the cache have no key");

            GenerationRecord second = s.load(2);
            assertEquals(FixtureData.second(), second.request(), "input image and mask resolve");
            assertEquals(1L, second.parentId());
            assertEquals(FixtureData.SECOND_OUTPUT, second.output());

            List<String> actions = s.auditTrail().stream().map(AuditEntry::action).toList();
            assertEquals(List.of("create", "generate", "generate", "export"), actions.subList(0, 4));
            assertEquals(AuditEntry.MIGRATE, actions.get(actions.size() - 1));

            if (version >= 2) {
                GenerationRecord third = s.load(3);
                assertEquals(FixtureData.third(), third.request());
                assertTrue(third.starred());
                assertEquals(version >= 3 ? FixtureData.THIRD_CACHE_KEY : null, third.cacheKey());
                assertNull(third.modelSource(), "generation 3 records no model source");
                List<Layer> layers = new ArrayList<>(List.of(
                        new Layer(1, 0, 1L, FixtureData.FIRST_OUTPUT.sha256(), true, 1.0),
                        new Layer(2, 1, 3L, FixtureData.THIRD_OUTPUT.sha256(), false, 0.5)));
                if (version >= 6) {
                    layers.add(new Layer(3, 2, 2L, FixtureData.REGION.sha256(), true, 1.0, FixtureData.REGION_X,
                            FixtureData.REGION_Y, FixtureData.REGION_ALPHA.sha256()));
                }
                assertEquals(layers, s.layers());
            } else {
                assertFalse(first.starred(), "stars arrived with schema 2: none yet");
                assertEquals(List.of(), s.layers());
            }
            if (version >= 3) {
                GenerationRecord fourth = s.load(4);
                assertEquals(FixtureData.FOURTH_CACHE_KEY, fourth.cacheKey());
                assertEquals(Optional.of(4L), s.findByCacheKey(FixtureData.FOURTH_CACHE_KEY), "its cache key still finds it");
                assertEquals(List.of(Note.of(NoteCode.CFG_OFF, "4.0"), Note.of(NoteCode.PROMPT_CUT, "600", "88", "512"),
                        Note.of(NoteCode.EDIT_RESIZED, Note.of(NoteCode.FOR_VISION, Note.of(NoteCode.IMAGE_N, "2")),
                                "1920", "1080", "504", "280", Note.of(NoteCode.TARGET_VISION))), fourth.adjustments());
                assertEquals(version >= 6 ? FixtureData.FOURTH_SOURCE : null, fourth.modelSource());
            }
            if (version >= 6) {
                GenerationRecord fifth = s.load(5);
                assertEquals(FixtureData.FIFTH_OUTPUT, fifth.output());
                ProjectStore.ImportRecord file = s.importRecord(5).orElseThrow();
                assertEquals(FixtureData.FIFTH_FILE_NAME, file.file().name());
                assertArrayEquals(dev.seedframe.imaging.Png.encode(FixtureData.FIFTH_OUTPUT, java.util.Map.of()),
                        file.file().bytes());
            }
            assertEquals(List.of(), s.verify(), "sound, with the audit chain the upgrade made");
            assertEquals(java.util.Map.of(), s.tampering(), "every record hashed as it was when upgraded");

            // The upgraded project works like a new one.
            String key = "a".repeat(64);
            long next = s.record(Samples.generation(Samples.textToImage(1), 2L, Samples.noise(8, 6, 1), key));
            assertEquals(Optional.of(next), s.findByCacheKey(key));
            s.delete(1, "upgrader");
            assertEquals(FixtureData.FIRST_OUTPUT, s.image(FixtureData.FIRST_OUTPUT.sha256()), "still generation 2's input");
            assertNull(s.load(2).parentId());
            assertEquals(List.of(), s.verify());
        }
    }

    @ParameterizedTest(name = "from schema {0}")
    @MethodSource("earlierVersions")
    void anUpgradeFirstWritesABackupCopyOfTheFileAsItWas(int version) throws Exception {
        Path f = fixture(version);
        List<String> before = RawSqlite.column(f, "SELECT id || ' ' || request_json FROM generation ORDER BY id");
        try (SqliteProjectStore s = SqliteProjectStore.open(f, OPTIONS)) {
            Path backup = dir.resolve("v" + version + ".schema-" + version + "-backup.seedframe");
            assertTrue(Files.exists(backup), "backup beside the project");
            assertEquals(List.of(String.valueOf(version)), RawSqlite.column(backup, "PRAGMA user_version"));
            assertEquals(before, RawSqlite.column(backup, "SELECT id || ' ' || request_json FROM generation ORDER BY id"));
            AuditEntry migrate = s.auditTrail().get(s.auditTrail().size() - 1);
            assertEquals("upgrader", migrate.actor());
            assertEquals("schema " + version + " to " + SqliteProjectStore.SCHEMA_VERSION + "; backup copy "
                    + backup.getFileName(), migrate.detail());
        }
    }

    @ParameterizedTest(name = "from schema {0}")
    @MethodSource("earlierVersions")
    void theNotesInTheFileAreRewrittenAsCodesAndTheirEnglishIsWhatWasRecorded(int version) throws Exception {
        Path f = fixture(version);
        List<String> before = RawSqlite.column(f, "SELECT adjustments_json FROM generation ORDER BY id");
        SqliteProjectStore.open(f, OPTIONS).close();
        List<String> after = RawSqlite.column(f, "SELECT adjustments_json FROM generation ORDER BY id");
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            List<Note> notes = RequestJson.readNotes(after.get(i));
            assertTrue(after.get(i).startsWith("[{\"args\":"), "codes in the file itself: " + after.get(i));
            assertEquals(RequestJson.readNotes(before.get(i)).stream().map(Note::english).toList(),
                    notes.stream().map(Note::english).toList(), "the English words are the ones recorded");
        }
        if (version >= 3) {
            assertEquals(FixtureMaker.FOURTH_NOTES, "[" + String.join(",", RequestJson.readNotes(after.get(3)).stream()
                    .map(n -> dev.seedframe.domain.codec.Json.write(n.english())).toList()) + "]",
                    "every sentence of the last release comes back word for word");
        }
    }

    @ParameterizedTest(name = "from schema {0}")
    @MethodSource("earlierVersions")
    void theUpgradeHashesEveryRecordAndChainsEveryAuditEntry(int version) throws Exception {
        Path f = fixture(version);
        SqliteProjectStore.open(f, OPTIONS).close();
        assertEquals(List.of("0"), RawSqlite.column(f, "SELECT count(*) FROM generation WHERE record_hash IS NULL"));
        assertEquals(List.of("0"), RawSqlite.column(f, "SELECT count(*) FROM audit WHERE entry_hash IS NULL"));
        // the entry that recorded each generation keeps its parts: generate, or import for an imported picture
        assertEquals(RawSqlite.column(f, "SELECT id FROM generation ORDER BY id"), RawSqlite.column(f,
                "SELECT generation_id FROM audit WHERE record IS NOT NULL ORDER BY generation_id"));
        if (version >= 6) {
            assertEquals(List.of("import"), RawSqlite.column(f, "SELECT action FROM audit WHERE generation_id = 5"
                    + " AND record IS NOT NULL"));
        }
    }

    /**
     * What schemas 5 and 6 added to a generation's record is in its hash: the file an imported picture came from,
     * where a model came from, the region layer an edit recorded. Edited behind Seedframe's back, each is named; what
     * a person changes with Seedframe (a layer's visibility and opacity, a layer removed or added again) is not.
     */
    @Test
    void theRecordHashesCoverImportedFilesModelSourcesAndRegionLayers() throws Exception {
        Path f = fixture(6);
        SqliteProjectStore.open(f, OPTIONS).close();
        Path edited = dir.resolve("edited.seedframe");
        Files.copy(f, edited);
        RawSqlite.exec(edited, "UPDATE imported_file SET name = 'someone-else.png' WHERE generation_id = 5;"
                + " UPDATE generation_model_source SET commit_hash = '" + "0".repeat(40) + "' WHERE generation_id = 4;"
                + " UPDATE layer SET x = 0 WHERE id = 3");
        try (SqliteProjectStore s = SqliteProjectStore.open(edited, OPTIONS)) {
            java.util.Map<Long, List<String>> t = s.tampering();
            assertEquals(java.util.Set.of(2L, 4L, 5L), t.keySet(), t.toString());
            assertTrue(t.get(5L).get(0).contains("the file it was imported from"), t.toString());
            assertTrue(t.get(4L).get(0).contains("where its model came from"), t.toString());
            assertTrue(t.get(2L).get(0).contains("its layer holds other pixels, another place"), t.toString());
        }
        try (SqliteProjectStore s = SqliteProjectStore.open(f, OPTIONS)) {
            s.setLayerVisible(3, false);
            s.setLayerOpacity(3, 0.25);
            s.removeLayer(1);
            assertEquals(java.util.Map.of(), s.tampering(), "a person's own changes to the layers");
            s.removeLayer(3);
            long again = s.addLayer(2);
            assertEquals(java.util.Map.of(), s.tampering(), "the region removed, the whole image added as a layer");
            RawSqlite.exec(f, "UPDATE layer SET image_sha256 = '" + FixtureData.THIRD_OUTPUT.sha256() + "' WHERE id = "
                    + again);
            assertEquals(java.util.Set.of(2L), s.tampering().keySet(), "a layer added later must show the output");
        }
    }

    @Test
    void aSecondUpgradeOfTheSameNameDoesNotOverwriteTheFirstBackup() throws Exception {
        Path f = fixture(1);
        Path first = dir.resolve("v1.schema-1-backup.seedframe");
        Files.writeString(first, "an older backup");
        SqliteProjectStore.open(f, OPTIONS).close();
        assertEquals("an older backup", Files.readString(first));
        assertEquals(List.of("1"), RawSqlite.column(dir.resolve("v1.schema-1-backup-2.seedframe"), "PRAGMA user_version"));
    }

    @Test
    void aCurrentProjectOpensWithoutABackupOrAMigrateEntry() throws Exception {
        Path f = dir.resolve("now.seedframe");
        SqliteProjectStore.create(f, OPTIONS).close();
        try (SqliteProjectStore s = SqliteProjectStore.open(f, OPTIONS)) {
            assertEquals(List.of(AuditEntry.CREATE), s.auditTrail().stream().map(AuditEntry::action).toList());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @ParameterizedTest(name = "from schema {0}")
    @MethodSource("earlierVersions")
    void anUpgradedProjectHasExactlyTheSchemaOfANewOne(int version) throws Exception {
        Path fresh = dir.resolve("fresh.seedframe");
        SqliteProjectStore.create(fresh, OPTIONS).close();
        Path upgraded = fixture(version);
        SqliteProjectStore.open(upgraded, OPTIONS).close();
        assertEquals(schema(fresh), schema(upgraded));
    }

    @Test
    void migrationScriptsAreNumberedFromOneWithoutGapsAndAllRegistered() throws Exception {
        Path folder = Path.of(MigrationTest.class.getResource(Migrator.RESOURCE_DIR).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(Migrator.SCRIPTS, files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        List<Migrator.Migration> chain = Migrator.STANDARD.migrations();
        for (int i = 0; i < chain.size(); i++) {
            assertEquals(i + 1, chain.get(i).version());
        }
    }

    @Test
    void aChainWithAGapIsRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Migrator.load(List.of("V0001__generations_images_audit.sql", "V0003__cache_key.sql")));
        assertTrue(e.getMessage().contains("without gaps"), e.getMessage());
    }

    private static Migrator standardPlus(String name, String sql) {
        List<Migrator.Migration> chain = new ArrayList<>(Migrator.STANDARD.migrations());
        chain.add(new Migrator.Migration(chain.size() + 1, name, sql));
        return new Migrator(chain);
    }

    @Test
    void aFailingMigrationLeavesTheFileAtThePreviousSchemaAndSaysWhereTheBackupIs() throws Exception {
        Path f = dir.resolve("p.seedframe");
        SqliteProjectStore.create(f, OPTIONS).close();
        List<String> schemaBefore = schema(f);
        int now = SqliteProjectStore.SCHEMA_VERSION;
        String name = String.format("V%04d__broken.sql", now + 1);
        Migrator broken = standardPlus(name, "CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);");
        StoreException e = assertThrows(StoreException.class, () -> SqliteProjectStore.open(f, OPTIONS, broken));
        Path backup = dir.resolve("p.schema-" + now + "-backup.seedframe").toAbsolutePath();
        assertEquals("Could not upgrade the project to schema " + (now + 1) + " (" + name + "): no such table:"
                + " no_such_table. The file is unchanged at schema " + now + ". A copy of the project as it was is at "
                + backup + ".", e.getMessage());
        assertEquals(List.of(String.valueOf(now)), RawSqlite.column(f, "PRAGMA user_version"));
        assertEquals(schemaBefore, schema(f), "the half-applied script was rolled back");
        try (SqliteProjectStore s = SqliteProjectStore.open(f, OPTIONS)) {
            assertEquals(List.of(), s.verify());
        }
    }

    @Test
    void aMigrationThatWouldBreakAReferenceIsRolledBack() throws Exception {
        Path f = dir.resolve("p.seedframe");
        try (SqliteProjectStore s = SqliteProjectStore.create(f, OPTIONS)) {
            s.record(Samples.generation(Samples.textToImage(1), null, Samples.noise(4, 4, 1), null));
        }
        int now = SqliteProjectStore.SCHEMA_VERSION;
        Migrator careless = standardPlus(String.format("V%04d__drop_images.sql", now + 1), "DELETE FROM image;");
        StoreException e = assertThrows(StoreException.class, () -> SqliteProjectStore.open(f, OPTIONS, careless));
        assertTrue(e.getMessage().contains("leaves a broken reference in table generation"), e.getMessage());
        assertEquals(List.of("1"), RawSqlite.column(f, "SELECT count(*) FROM image"));
        assertEquals(List.of(String.valueOf(now)), RawSqlite.column(f, "PRAGMA user_version"));
    }

    @Test
    void migratingAFileThatIsAlreadyCurrentDoesNothing() throws Exception {
        Path f = dir.resolve("p.seedframe");
        SqliteProjectStore.create(f, OPTIONS).close();
        byte[] before = Files.readAllBytes(f);
        try (Db db = Db.connect(f, OPTIONS.busyTimeout(), false)) {
            assertEquals(0, Migrator.STANDARD.migrate(db, ""));
        }
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void aSecondRunnerOnAnOldFileAppliesOnlyWhatTheFirstLeft() throws Exception {
        Path f = fixture(1);
        try (Db first = Db.connect(f, OPTIONS.busyTimeout(), false);
                Db second = Db.connect(f, OPTIONS.busyTimeout(), false)) {
            // The second runner read schema 1 too, but the first upgraded the file before it began.
            assertEquals(1, new Migrator(Migrator.load(Migrator.SCRIPTS.subList(0, 2))).migrate(first, ""));
            assertEquals(Migrator.STANDARD.latest() - 2, Migrator.STANDARD.migrate(second, ""));
            assertEquals(0, Migrator.STANDARD.migrate(first, ""));
        }
        assertEquals(List.of(String.valueOf(SqliteProjectStore.SCHEMA_VERSION)), RawSqlite.column(f, "PRAGMA user_version"));
    }

    @Test
    void everyColumnHoldingAnImageAddressReferencesTheImageTableAndRestrictsDeletion() throws Exception {
        Path f = dir.resolve("p.seedframe");
        SqliteProjectStore.create(f, OPTIONS).close();
        List<String> shaColumns = RawSqlite.column(f, "SELECT m.name || '.' || c.name FROM sqlite_schema m,"
                + " pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name LIKE '%sha256' AND m.name <> 'image'"
                + " AND c.name <> 'model_sha256'"
                + " ORDER BY 1");
        List<String> references = RawSqlite.column(f, "SELECT m.name || '.' || k.\"from\" FROM sqlite_schema m,"
                + " pragma_foreign_key_list(m.name) k WHERE m.type = 'table' AND k.\"table\" = 'image'"
                + " AND k.on_delete = 'RESTRICT' ORDER BY 1");
        assertEquals(List.of("generation.output_sha256", "generation_input.image_sha256", "imported_file.alpha_sha256",
                "layer.alpha_sha256", "layer.image_sha256"), shaColumns);
        assertEquals(shaColumns, references);
    }

    @Test
    void historyOfAnUpgradedProjectKeepsTheTree() throws Exception {
        try (SqliteProjectStore s = SqliteProjectStore.open(fixture(2), OPTIONS)) {
            assertEquals(List.of(1L, 2L, 3L), s.history().stream().map(GenerationSummary::id).toList());
            assertEquals(2L, s.history().get(2).parentId());
        }
    }
}
