package dev.seedframe.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.imaging.Png;
import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.NewerProjectException;
import dev.seedframe.store.NotAProjectException;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreException;
import dev.seedframe.store.StoreOptions;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not projects, damaged projects and newer projects are refused and never modified. */
class ProjectFileSafetyTest {

    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-02-02T02:02:02Z"));

    @TempDir
    Path dir;

    /** The file's bytes, its modification time and what lies beside it. */
    private record Snapshot(byte[] bytes, FileTime mtime, List<String> folder) {}

    private Snapshot snapshot(Path file) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return new Snapshot(Files.readAllBytes(file), Files.getLastModifiedTime(file),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** Opens the file expecting {@code type}, and checks nothing about the file or its folder changed. */
    private <T extends StoreException> T refused(Path file, Class<T> type) throws Exception {
        Files.setLastModifiedTime(file, LONG_AGO);
        Snapshot before = snapshot(file);
        T e = assertThrows(type, () -> SqliteProjectStore.open(file, StoreOptions.defaults()));
        Snapshot after = snapshot(file);
        assertArrayEquals(before.bytes(), after.bytes(), "the file's bytes are unchanged");
        assertEquals(before.mtime(), after.mtime(), "the file's modification time is unchanged");
        assertEquals(before.folder(), after.folder(), "nothing was created beside it");
        return e;
    }

    /** A real project with a few generations, closed. */
    private Path project(String name) throws Exception {
        Path file = dir.resolve(name);
        try (SqliteProjectStore s = SqliteProjectStore.create(file, StoreOptions.defaults())) {
            for (int i = 0; i < 6; i++) {
                s.record(Samples.generation(Samples.textToImage(i), null, Samples.noise(40, 40, i), null));
            }
        }
        return file;
    }

    @Test
    void aPngRenamedToSeedframeIsNotAProjectAndIsLeftAlone() throws Exception {
        Path file = dir.resolve("holiday.seedframe");
        Files.write(file, Png.encode(Samples.noise(8, 8, 1), Map.of()));
        NotAProjectException e = refused(file, NotAProjectException.class);
        assertEquals(file + " is not a Seedframe project: it is a PNG image.", e.getMessage());
    }

    @Test
    void aTextFileIsNotAProject() throws Exception {
        Path file = dir.resolve("notes.seedframe");
        Files.writeString(file, "shopping list\nmilk\n");
        assertEquals(file + " is not a Seedframe project: it is a text file.",
                refused(file, NotAProjectException.class).getMessage());
    }

    @Test
    void randomBytesAreNotAProject() throws Exception {
        Path file = dir.resolve("noise.seedframe");
        byte[] bytes = new byte[8192];
        new Random(3).nextBytes(bytes);
        bytes[0] = 0; // not accidentally text
        Files.write(file, bytes);
        assertEquals(file + " is not a Seedframe project: it is not a SQLite database.",
                refused(file, NotAProjectException.class).getMessage());
    }

    @Test
    void anEmptyFileIsNotAProjectAndStaysEmpty() throws Exception {
        Path file = dir.resolve("empty.seedframe");
        Files.createFile(file);
        assertEquals(file + " is an empty file, not a Seedframe project.",
                refused(file, NotAProjectException.class).getMessage());
    }

    @Test
    void anotherProgramsSqliteDatabaseIsNotAProject() throws Exception {
        Path file = dir.resolve("contacts.seedframe");
        RawSqlite.exec(file, "CREATE TABLE contact (name TEXT); INSERT INTO contact VALUES ('ada')");
        assertEquals(file + " is a SQLite database, but not a Seedframe project.",
                refused(file, NotAProjectException.class).getMessage());
    }

    @Test
    void aSqliteDatabaseWithAnotherApplicationIdIsNamedAsSuch() throws Exception {
        Path file = dir.resolve("other.seedframe");
        RawSqlite.exec(file, "PRAGMA application_id = 123; CREATE TABLE t (x)");
        assertEquals(file + " is a SQLite database of another program (application id 0x0000007b), not a Seedframe project.",
                refused(file, NotAProjectException.class).getMessage());
    }

    @Test
    void aTruncatedProjectIsDamagedAndNotModified() throws Exception {
        Path file = project("cut.seedframe");
        long size = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size / 2);
        }
        DamagedProjectException e = refused(file, DamagedProjectException.class);
        assertEquals("The project file " + file + " is damaged: it is truncated (" + size / 2 + " of " + size
                + " bytes). Open a backup copy instead.", e.getMessage());
    }

    @Test
    void aProjectWithOverwrittenPagesFailsTheQuickCheckAndIsNotModified() throws Exception {
        Path file = project("scribbled.seedframe");
        byte[] bytes = Files.readAllBytes(file);
        int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff);
        byte[] garbage = new byte[3 * pageSize];
        new Random(5).nextBytes(garbage);
        System.arraycopy(garbage, 0, bytes, pageSize, garbage.length); // pages 2-4: the first tables' b-trees
        Files.write(file, bytes);
        DamagedProjectException e = refused(file, DamagedProjectException.class);
        assertTrue(e.getMessage().startsWith("The project file " + file + " is damaged ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("Open a backup copy instead."), e.getMessage());
    }

    @Test
    void aProjectWithABrokenIndexPageIsListedByTheQuickCheckAndNotModified() throws Exception {
        Path file = project("index.seedframe");
        int root = Integer.parseInt(RawSqlite.column(file,
                "SELECT rootpage FROM sqlite_schema WHERE name = 'generation_seed'").get(0));
        byte[] bytes = Files.readAllBytes(file);
        int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff);
        int header = (root - 1) * pageSize;
        bytes[header + 3] = (byte) 0x7f; // the b-tree page's cell count: far more cells than fit
        bytes[header + 4] = (byte) 0xff;
        Files.write(file, bytes);
        DamagedProjectException e = refused(file, DamagedProjectException.class);
        assertTrue(e.getMessage().startsWith("The project file " + file + " is damaged (") && e.getMessage().contains("age "
                + root), e.getMessage());
    }

    @Test
    void aProjectWhoseSchemaPageIsOverwrittenIsDamagedAndNotModified() throws Exception {
        Path file = project("schema.seedframe");
        byte[] bytes = Files.readAllBytes(file);
        byte[] garbage = new byte[1000];
        new Random(6).nextBytes(garbage);
        System.arraycopy(garbage, 0, bytes, 100, garbage.length); // page 1 after the header: sqlite_schema
        Files.write(file, bytes);
        DamagedProjectException e = refused(file, DamagedProjectException.class);
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
    }

    @Test
    void aProjectFromANewerSeedframeIsRefusedNamingTheVersionNeededAndNotModified() throws Exception {
        Path file = project("future.seedframe");
        int newer = SqliteProjectStore.SCHEMA_VERSION + 1;
        RawSqlite.exec(file, "PRAGMA user_version = " + newer);
        NewerProjectException e = refused(file, NewerProjectException.class);
        assertEquals("This project was saved by a newer Seedframe (schema " + newer + "); this version reads up to"
                + " schema " + SqliteProjectStore.SCHEMA_VERSION + ". Update Seedframe to open it.", e.getMessage());
        assertEquals(newer, e.fileVersion());
        assertEquals(SqliteProjectStore.SCHEMA_VERSION, e.supportedVersion());
    }

    @Test
    void aNewerProjectWhoseSchemaThisVersionCannotParseIsStillRefusedByVersion() throws Exception {
        Path file = project("future-schema.seedframe");
        // A later Seedframe might use SQL this one does not know; the header is read before SQLite parses it.
        int newer = SqliteProjectStore.SCHEMA_VERSION + 2;
        RawSqlite.exec(file, "PRAGMA user_version = " + newer + "; PRAGMA writable_schema = ON;"
                + " UPDATE sqlite_schema SET sql = 'CREATE TABLE audit (id INTEGER) FUTURE_SYNTAX' WHERE name = 'audit'");
        assertEquals(newer, refused(file, NewerProjectException.class).fileVersion());
    }

    @Test
    void aFolderIsNotAProject() {
        StoreException e = assertThrows(NotAProjectException.class, () -> SqliteProjectStore.open(dir, StoreOptions.defaults()));
        assertEquals(dir + " is a folder, not a Seedframe project file.", e.getMessage());
    }

    @Test
    void aMissingFileIsReportedAndNotCreated() {
        Path file = dir.resolve("gone.seedframe");
        StoreException e = assertThrows(StoreException.class, () -> SqliteProjectStore.open(file, StoreOptions.defaults()));
        assertEquals("There is no project file at " + file + ".", e.getMessage());
        assertTrue(Files.notExists(file));
    }

    @Test
    void aSoundProjectOpensWithoutBeingRewritten() throws Exception {
        Path file = project("sound.seedframe");
        Files.setLastModifiedTime(file, LONG_AGO);
        byte[] before = Files.readAllBytes(file);
        try (SqliteProjectStore s = SqliteProjectStore.open(file, StoreOptions.defaults())) {
            s.history();
            s.load(1);
        }
        assertArrayEquals(before, Files.readAllBytes(file), "opening and reading write nothing");
    }
}
