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
import dev.seedframe.domain.Timings;
import dev.seedframe.store.RequestJson;
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
            assertEquals(List.of("height 5 rounded to 6"), first.adjustments());
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
                assertEquals(List.of(
                        new Layer(1, 0, 1L, FixtureData.FIRST_OUTPUT.sha256(), true, 1.0),
                        new Layer(2, 1, 3L, FixtureData.THIRD_OUTPUT.sha256(), false, 0.5)), s.layers());
            } else {
                assertFalse(first.starred(), "stars arrived with schema 2: none yet");
                assertEquals(List.of(), s.layers());
            }
            assertEquals(List.of(), s.verify());

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
        int latest = SqliteProjectStore.SCHEMA_VERSION;
        String name = String.format("V%04d__broken.sql", latest + 1);
        Migrator broken = standardPlus(name, "CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);");
        StoreException e = assertThrows(StoreException.class, () -> SqliteProjectStore.open(f, OPTIONS, broken));
        Path backup = dir.resolve("p.schema-" + latest + "-backup.seedframe").toAbsolutePath();
        assertEquals("Could not upgrade the project to schema " + (latest + 1) + " (" + name + "): no such table:"
                + " no_such_table. The file is unchanged at schema " + latest + ". A copy of the project as it was is at "
                + backup + ".", e.getMessage());
        assertEquals(List.of(String.valueOf(latest)), RawSqlite.column(f, "PRAGMA user_version"));
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
        Migrator careless = standardPlus(String.format("V%04d__drop_images.sql", SqliteProjectStore.SCHEMA_VERSION + 1),
                "DELETE FROM image;");
        StoreException e = assertThrows(StoreException.class, () -> SqliteProjectStore.open(f, OPTIONS, careless));
        assertTrue(e.getMessage().contains("leaves a broken reference in table generation"), e.getMessage());
        assertEquals(List.of("1"), RawSqlite.column(f, "SELECT count(*) FROM image"));
        assertEquals(List.of(String.valueOf(SqliteProjectStore.SCHEMA_VERSION)), RawSqlite.column(f, "PRAGMA user_version"));
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
            assertEquals(SqliteProjectStore.SCHEMA_VERSION - 2, Migrator.STANDARD.migrate(second, ""));
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
        assertEquals(List.of("generation.output_sha256", "generation_input.image_sha256", "layer.image_sha256"), shaColumns);
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
