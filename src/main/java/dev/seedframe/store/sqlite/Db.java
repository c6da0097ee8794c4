package dev.seedframe.store.sqlite;

import dev.seedframe.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One read-write SQLite connection to a project file, configured as ADR 0002 decides, with explicit
 * transactions. Not thread-safe: the store serialises calls.
 */
final class Db implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Db.class);

    /** Fixed-width UTC timestamps, so text order is time order. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Work inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, StoreException;
    }

    private final Connection connection;
    private final Path file;
    /** How messages name the file: itself, or the project a temporary file is being built for. */
    private final Path shown;

    private Db(Connection connection, Path file, Path shown) {
        this.connection = connection;
        this.file = file;
        this.shown = shown;
    }

    /**
     * Opens a read-write connection: rollback journal (DELETE), synchronous EXTRA, foreign keys on,
     * untrusted schema, the given lock wait (ADR 0002).
     *
     * @param create whether a missing file may be created (only for a new project's temporary file)
     */
    static Db connect(Path file, Duration busyTimeout, boolean create) throws StoreException {
        return connect(file, busyTimeout, create, false);
    }

    /** {@link #connect(Path, Duration, boolean)}, read-only when {@code readOnly} (nothing can be written). */
    static Db connect(Path file, Duration busyTimeout, boolean create, boolean readOnly) throws StoreException {
        return connect(file, file, busyTimeout, create, readOnly);
    }

    /**
     * {@link #connect(Path, Duration, boolean, boolean)} to {@code file}, named {@code shown} in every message (a
     * new project's temporary file is never named to the user: the project is).
     */
    static Db connect(Path file, Path shown, Duration busyTimeout, boolean create, boolean readOnly)
            throws StoreException {
        SQLiteConfig config = new SQLiteConfig();
        if (readOnly) {
            config.setReadOnly(true);
        }
        config.setJournalMode(SQLiteConfig.JournalMode.DELETE);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        if (!create) {
            config.resetOpenMode(SQLiteOpenMode.CREATE);
        }
        Connection c;
        try {
            c = config.createConnection(url(file));
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "open the project", shown);
        }
        Db db = new Db(c, file, shown);
        try (Statement s = c.createStatement()) {
            // A project can come from anywhere: never let its schema run functions with side effects.
            s.execute("PRAGMA trusted_schema = OFF");
            // FULL, plus a sync of the folder after the journal is deleted: a commit reported as done
            // survives a power cut. One more fsync per generation, which takes seconds anyway.
            s.execute("PRAGMA synchronous = EXTRA");
        } catch (SQLException e) {
            db.close();
            throw SqliteErrors.translate(e, "open the project", shown);
        }
        return db;
    }

    static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    /** The path messages name. */
    Path shown() {
        return shown;
    }

    Connection connection() {
        return connection;
    }

    /** Runs {@code work} in a write transaction ({@code BEGIN IMMEDIATE}: the write lock is taken up front). */
    <T> T write(String action, Work<T> work) throws StoreException {
        return transaction("BEGIN IMMEDIATE", action, work);
    }

    /** Runs {@code work} in a read transaction, so several queries see one consistent state. */
    <T> T read(String action, Work<T> work) throws StoreException {
        return transaction("BEGIN DEFERRED", action, work);
    }

    /** Runs {@code work} outside a transaction (for statements that cannot run inside one). */
    <T> T autocommit(String action, Work<T> work) throws StoreException {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, action, shown);
        }
    }

    private <T> T transaction(String begin, String action, Work<T> work) throws StoreException {
        try {
            exec(begin);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, action, shown);
        }
        boolean done = false;
        try {
            T result = work.run(connection);
            exec("COMMIT");
            done = true;
            return result;
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, action, shown);
        } finally {
            if (!done) {
                rollbackQuietly();
            }
        }
    }

    /**
     * Rolls back the open transaction. SQLite has already rolled back after some errors (a full disk, an
     * I/O error); the "no transaction is active" answer is then expected and ignored.
     */
    private void rollbackQuietly() {
        try {
            exec("ROLLBACK");
        } catch (SQLException e) {
            LOG.debug("rollback after a failed transaction on {}: {}", file, e.getMessage());
        }
    }

    void exec(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    int pragmaInt(String name) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    static String timestamp(Instant t) {
        return TIMESTAMP.format(t);
    }

    /** A stored time; one that does not read (an edited or damaged row) is a database error with the text. */
    static Instant instant(String text) throws SQLException {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException | NullPointerException e) {
            throw new SQLException("a stored time is damaged (\"" + text + "\" is not a time)", e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing {} failed: {}", file, e.getMessage());
        }
    }
}
