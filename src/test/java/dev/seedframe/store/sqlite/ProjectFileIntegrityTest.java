package dev.seedframe.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.ProjectStore;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreException;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.testing.ReadOnlyFolder;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit findings 2, 3 and 6 (issue 16), at the store: a file whose indexes fail SQLite's integrity check was
 * still written to; an old project that cannot be upgraded left a new backup copy on every command; a new
 * project in a read-only folder named a temporary file in its error.
 */
class ProjectFileIntegrityTest {

    private static final StoreOptions OPTIONS = StoreOptions.defaults().withActor("tester");

    @TempDir
    Path dir;

    /**
     * A project of three generations whose {@code generation_seed} index no longer agrees with its table: one
     * seed is changed inside the index's page, which {@code PRAGMA quick_check} does not look at.
     */
    static Path projectWithADamagedIndex(Path dir) throws Exception {
        Path f = dir.resolve("damaged.seedframe");
        try (SqliteProjectStore s = SqliteProjectStore.create(f, OPTIONS)) {
            for (long seed : new long[] {101, 202, 303}) {
                s.record(Samples.generation(Samples.textToImage(seed), null, Samples.noise(16, 16, seed), null));
            }
        }
        long root = RawSqlite.number(f, "SELECT rootpage FROM sqlite_schema WHERE name = 'generation_seed'");
        long pageSize = RawSqlite.number(f, "PRAGMA page_size");
        byte[] all = Files.readAllBytes(f);
        int start = (int) ((root - 1) * pageSize);
        int changed = 0;
        // the index record of seed 303 (0x012f, stored as a 2-byte integer) becomes 304: still in order
        for (int i = start; i < start + pageSize - 1; i++) {
            if (all[i] == 0x01 && all[i + 1] == 0x2f) {
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                    raf.seek(i + 1);
                    raf.write(0x30);
                }
                changed++;
                break;
            }
        }
        assertEquals(1, changed, "found the seed in the index page");
        try (var c = RawSqlite.connect(f)) {
            assertEquals(List.of("ok"), RawSqlite.column(c, "PRAGMA quick_check"), "quick_check does not see it");
            assertFalse(RawSqlite.column(c, "PRAGMA integrity_check").contains("ok"), "integrity_check does");
        }
        return f;
    }

    @Test
    void aFileFailingTheIntegrityCheckIsRefusedForWritingAndLeftByteForByte() throws Exception {
        Path f = projectWithADamagedIndex(dir);
        byte[] before = Files.readAllBytes(f);
        DamagedProjectException e = assertThrows(DamagedProjectException.class, () -> SqliteProjectStore.open(f, OPTIONS));
        assertTrue(e.getMessage().contains("generation_seed") && e.getMessage().contains("damaged"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void aDamagedFileIsReadReadOnlyAndVerifyWritesNothing() throws Exception {
        Path f = projectWithADamagedIndex(dir);
        byte[] before = Files.readAllBytes(f);
        try (ProjectStore s = SqliteProjectStore.factory(OPTIONS).openForReading(f)) {
            assertEquals(3, s.history().size(), "what is readable is read");
            List<String> problems = s.verify();
            assertTrue(problems.stream().anyMatch(p -> p.contains("generation_seed")), problems.toString());
            assertEquals(-1, s.audit("tester", "verify", null, "checked"), "no audit entry in a damaged file");
            assertThrows(StoreException.class, () -> s.star(1, true));
        }
        assertArrayEquals(before, Files.readAllBytes(f), "not a byte written");
        assertFalse(Files.exists(ProjectFileCheck.journal(f)));
    }

    @Test
    void anOldProjectThatCannotBeUpgradedGetsOneBackupNotOnePerCommand() throws Exception {
        Path f = dir.resolve("p.seedframe");
        SqliteProjectStore.create(f, OPTIONS).close();
        List<Migrator.Migration> chain = new ArrayList<>(Migrator.STANDARD.migrations());
        chain.add(new Migrator.Migration(chain.size() + 1, "V000" + (chain.size() + 1) + "__broken.sql",
                "INSERT INTO no_such_table VALUES (1);"));
        Migrator broken = new Migrator(chain);
        for (int i = 0; i < 4; i++) {
            assertThrows(StoreException.class, () -> SqliteProjectStore.open(f, OPTIONS, broken));
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> backups = files.map(p -> p.getFileName().toString()).filter(n -> n.contains("-backup")).toList();
            assertEquals(1, backups.size(), backups.toString());
        }
    }

    @Test
    void aNewProjectInAReadOnlyFolderNamesTheFolderNotATemporaryFile() throws Exception {
        try (ReadOnlyFolder ro = ReadOnlyFolder.make(dir.resolve("ro"))) {
            Path f = ro.path().resolve("new.seedframe");
            StoreException e = assertThrows(StoreException.class, () -> SqliteProjectStore.create(f, OPTIONS));
            assertTrue(e.getMessage().contains(ro.path().toString()) && e.getMessage().contains("read-only"),
                    e.getMessage());
            assertFalse(e.getMessage().contains(".tmp") || e.getMessage().contains("creating-"), e.getMessage());
            assertFalse(e.getMessage().contains("delete it"), e.getMessage());
        }
    }

    @Test
    void creatingOverAnExistingProjectNeverAdvisesDeletingIt() throws Exception {
        Path f = dir.resolve("taken.seedframe");
        SqliteProjectStore.create(f, OPTIONS).close();
        StoreException e = assertThrows(StoreException.class, () -> SqliteProjectStore.create(f, OPTIONS));
        assertFalse(e.getMessage().contains("delete"), e.getMessage());
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }
}
