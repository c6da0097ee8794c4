package dev.seedframe.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.store.ProjectBusyException;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreException;
import dev.seedframe.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two connections, and two processes, on one project file. */
class ConcurrencyTest {

    private static final StoreOptions IMPATIENT = StoreOptions.defaults().withBusyTimeout(Duration.ofMillis(200));
    private static final StoreOptions PATIENT = StoreOptions.defaults().withBusyTimeout(Duration.ofSeconds(30));

    @TempDir
    Path dir;

    private Path file;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @BeforeEach
    void createProject() throws Exception {
        file = dir.resolve("shared.seedframe");
        try (SqliteProjectStore s = SqliteProjectStore.create(file, StoreOptions.defaults())) {
            record(s, 1);
        }
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static long record(SqliteProjectStore s, long seed) throws StoreException {
        return s.record(Samples.generation(Samples.textToImage(seed), null, Samples.noise(32, 32, seed), null));
    }

    private static List<Long> ids(SqliteProjectStore s) throws StoreException {
        return s.history().stream().map(GenerationSummary::id).toList();
    }

    @Test
    void twoStoresOnOneFileSeeEachOthersGenerations() throws Exception {
        try (SqliteProjectStore a = SqliteProjectStore.open(file, PATIENT);
                SqliteProjectStore b = SqliteProjectStore.open(file, PATIENT)) {
            long fromA = record(a, 2);
            long fromB = record(b, 3);
            assertEquals(List.of(1L, fromA, fromB), ids(a));
            assertEquals(ids(a), ids(b));
            assertEquals(Samples.noise(32, 32, 2), b.load(fromA).output());
            assertEquals(List.of(), a.verify());
        }
    }

    @Test
    void aWriteWaitsWhileAnotherConnectionWritesAndThenSucceeds() throws Exception {
        try (SqliteProjectStore store = SqliteProjectStore.open(file, PATIENT);
                Connection other = RawSqlite.connect(file);
                Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("INSERT INTO audit (at, actor, action, detail) VALUES ('2025-01-01T00:00:00.000Z', 'other',"
                    + " 'export', 'the other window')");
            Future<Long> waiting = pool.submit(() -> record(store, 2));
            assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS),
                    "the write waits for the other connection's lock");
            s.execute("COMMIT");
            long id = waiting.get(20, TimeUnit.SECONDS);
            assertEquals(List.of(1L, id), ids(store));
            assertEquals("the other window", store.auditTrail().get(store.auditTrail().size() - 2).detail());
        }
    }

    @Test
    void aWriteThatWaitsLongerThanTheTimeoutIsToldTheProjectIsBusyAndWritesNothing() throws Exception {
        try (SqliteProjectStore store = SqliteProjectStore.open(file, IMPATIENT);
                Connection other = RawSqlite.connect(file);
                Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            ProjectBusyException e = assertThrows(ProjectBusyException.class, () -> record(store, 2));
            assertEquals("The project is busy: it is being written by another Seedframe window. Could not save the"
                    + " generation; try again when that window has finished.", e.getMessage());
            s.execute("ROLLBACK");
            assertEquals(List.of(1L), ids(store));
            long id = record(store, 2);
            assertEquals(List.of(1L, id), ids(store));
        }
    }

    @Test
    void anotherProcessWritingMakesAWriteFailAsBusyOrWaitUntilItIsDone() throws Exception {
        try (SqliteProjectStore impatient = SqliteProjectStore.open(file, IMPATIENT);
                SqliteProjectStore patient = SqliteProjectStore.open(file, PATIENT);
                ChildJvm holder = ChildJvm.start(dir, LockHolder.class, file.toString())) {
            assertEquals("locked", holder.nextLine(60));

            ProjectBusyException busy = assertThrows(ProjectBusyException.class, () -> record(impatient, 2));
            assertTrue(busy.getMessage().startsWith("The project is busy: it is being written by another Seedframe window."));

            Future<Long> waiting = pool.submit(() -> record(patient, 3));
            assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
            holder.process().getOutputStream().close(); // the other window finishes
            long id = waiting.get(30, TimeUnit.SECONDS);
            assertEquals("released", holder.nextLine(30));
            assertEquals(0, holder.process().waitFor());
            assertEquals(List.of(1L, id), ids(impatient));
            assertEquals(List.of(), impatient.verify());
        }
    }

    @Test
    void openingAProjectAnotherProcessIsWritingReportsBusyAndChangesNothing() throws Exception {
        byte[] before = Files.readAllBytes(file);
        try (ChildJvm holder = ChildJvm.start(dir, LockHolder.class, file.toString())) {
            assertEquals("locked", holder.nextLine(60));
            ProjectBusyException e = assertThrows(ProjectBusyException.class, () -> SqliteProjectStore.open(file, IMPATIENT));
            assertTrue(e.getMessage().startsWith("The project is busy"), e.getMessage());
            holder.process().getOutputStream().close();
            assertEquals(0, holder.process().waitFor());
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        try (SqliteProjectStore s = SqliteProjectStore.open(file, IMPATIENT)) {
            assertEquals(List.of(1L), ids(s));
        }
    }

    @Test
    void aStoreUsedFromTwoThreadsNeverSeesAHalfWrittenGeneration() throws Exception {
        try (SqliteProjectStore writer = SqliteProjectStore.open(file, PATIENT);
                SqliteProjectStore reader = SqliteProjectStore.open(file, PATIENT)) {
            Future<?> writes = pool.submit(() -> {
                for (int i = 2; i <= 12; i++) {
                    record(writer, i);
                }
                return null;
            });
            while (!writes.isDone()) {
                for (GenerationSummary g : reader.history()) {
                    assertEquals(g.imageSha256(), reader.load(g.id()).output().sha256());
                }
            }
            try {
                writes.get();
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
            assertEquals(12, ids(reader).size());
        }
    }
}
