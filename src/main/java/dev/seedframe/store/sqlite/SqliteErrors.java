package dev.seedframe.store.sqlite;

import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.DiskFullException;
import dev.seedframe.store.ProjectBusyException;
import dev.seedframe.store.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns SQLite's error codes into messages a person can act on. */
final class SqliteErrors {

    // SQLite's primary result codes (https://www.sqlite.org/rescode.html); JDBC's getErrorCode() gives them.
    static final int SQLITE_BUSY = 5;
    static final int SQLITE_LOCKED = 6;
    static final int SQLITE_READONLY = 8;
    static final int SQLITE_IOERR = 10;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_CANTOPEN = 14;
    static final int SQLITE_CONSTRAINT = 19;
    static final int SQLITE_NOTADB = 26;

    static final String BUSY_MESSAGE = "The project is busy: it is being written by another Seedframe window.";

    private static final Pattern SQLITE_JDBC_MESSAGE = Pattern.compile("\\[SQLITE_\\w+\\][^(]*\\((.*)\\)", Pattern.DOTALL);

    private SqliteErrors() {}

    static int primaryCode(SQLException e) {
        return e.getErrorCode() & 0xff;
    }

    /**
     * SQLite's own words: sqlite-jdbc writes "[SQLITE_CODE] generic text (sqlite3_errmsg)"; the part in
     * parentheses is the specific one.
     */
    static String detail(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        Matcher matcher = SQLITE_JDBC_MESSAGE.matcher(m);
        return matcher.matches() ? matcher.group(1) : m;
    }

    /**
     * @param action what was being done, as a clause: "save the generation", "open the project"
     * @param file the project file, for messages
     */
    static StoreException translate(SQLException e, String action, Path file) {
        String detail = detail(e);
        return switch (primaryCode(e)) {
            case SQLITE_BUSY, SQLITE_LOCKED -> new ProjectBusyException(
                    BUSY_MESSAGE + " Could not " + action + "; try again when that window has finished.", e);
            case SQLITE_FULL -> new DiskFullException("Could not " + action + ": the disk is full. Everything saved before is"
                    + " intact; free some disk space and try again.", e);
            case SQLITE_CORRUPT, SQLITE_NOTADB -> new DamagedProjectException("The project file " + file + " is damaged ("
                    + detail + "). Open a backup copy instead.", e);
            case SQLITE_READONLY -> new StoreException("Could not " + action + ": the project file " + file
                    + " cannot be written (it or its folder is read-only). Use Save As to keep working elsewhere.", e);
            case SQLITE_IOERR -> new StoreException("Could not " + action + ": reading or writing " + file
                    + " failed (" + detail + "). Everything saved before is intact.", e);
            case SQLITE_CANTOPEN -> new StoreException("Could not " + action + ": " + file + " cannot be opened (" + detail
                    + ").", e);
            default -> new StoreException("Could not " + action + " in " + file + ": " + detail, e);
        };
    }
}
