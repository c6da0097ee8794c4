package dev.seedframe.store.sqlite;

import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.NewerProjectException;
import dev.seedframe.store.NotAProjectException;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The checks a file passes before Seedframe writes to it. None of them modifies the file: the first
 * reads its header with plain Java, the second opens it read-only in SQLite. A file that fails is left
 * byte for byte as it was.
 *
 * <p>Header layout: https://www.sqlite.org/fileformat.html#the_database_header
 */
final class ProjectFileCheck {

    /** {@code PRAGMA application_id} of Seedframe projects: 0x53656564, "Seed" in ASCII (set by V0001). */
    static final int APPLICATION_ID = 0x53656564;

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_SIZE = 100;
    /** Problems listed in a damaged-file message. */
    private static final int MAX_PROBLEMS_SHOWN = 3;

    private ProjectFileCheck() {}

    /**
     * Checks the 100-byte header: a SQLite database, a Seedframe one, a schema this version reads, a
     * plausible size.
     *
     * @param newest the newest schema this Seedframe reads
     */
    static void checkHeader(Path file, int newest) throws StoreException {
        if (!Files.exists(file)) {
            throw new dev.seedframe.store.NoSuchProjectException("There is no project file at " + file + ".");
        }
        if (Files.isDirectory(file)) {
            throw new NotAProjectException(file + " is a folder, not a Seedframe project file.");
        }
        if (!Files.isRegularFile(file)) {
            throw new NotAProjectException(file + " is not a regular file, so not a Seedframe project.");
        }
        long size;
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            head = in.readNBytes(HEADER_SIZE);
        } catch (IOException e) {
            throw new StoreException("Could not read " + file + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new NotAProjectException(file + " is an empty file, not a Seedframe project.");
        }
        if (!startsWith(head, SQLITE_MAGIC)) {
            throw new NotAProjectException(file + " is not a Seedframe project: " + describe(head) + ".");
        }
        if (head.length < HEADER_SIZE) {
            throw new DamagedProjectException("The project file " + file + " is damaged: it ends inside its header ("
                    + size + " bytes).");
        }
        int applicationId = int32(head, 68);
        if (applicationId != APPLICATION_ID) {
            throw new NotAProjectException(applicationId == 0
                    ? file + " is a SQLite database, but not a Seedframe project."
                    : String.format("%s is a SQLite database of another program (application id 0x%08x), not a Seedframe"
                            + " project.", file, applicationId));
        }
        int userVersion = int32(head, 60);
        if (userVersion > newest) {
            throw new NewerProjectException(userVersion, newest);
        }
        int pageSize = ((head[16] & 0xff) << 8) | (head[17] & 0xff);
        if (pageSize == 1) {
            pageSize = 65536;
        }
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            throw new DamagedProjectException("The project file " + file + " is damaged: its header is overwritten.");
        }
        // The page count in the header is valid when the change counter equals "version valid for". It
        // is checked only without a rollback journal beside the file: a killed write may have grown the
        // header before the pages, which SQLite's rollback then undoes.
        long pages = int32(head, 28) & 0xffffffffL;
        boolean countValid = int32(head, 24) == int32(head, 92) && pages > 0;
        if (countValid && !Files.exists(journal(file)) && size < pages * pageSize) {
            throw new DamagedProjectException("The project file " + file + " is damaged: it is truncated (" + size
                    + " of " + pages * pageSize + " bytes). Open a backup copy instead.");
        }
    }

    /** The rollback journal SQLite keeps beside the file while writing (and after a crash). */
    static Path journal(Path file) {
        return file.resolveSibling(file.getFileName() + "-journal");
    }

    /**
     * Opens the file read-only and runs {@code PRAGMA integrity_check}.
     *
     * @return true if the check could not run because a killed write left a journal to roll back first
     *     (a read-only connection may not do that); the caller then recovers with a read-write connection
     *     and checks again
     */
    static boolean checkReadOnly(Path file, Duration busyTimeout) throws StoreException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        try (Connection c = config.createConnection(Db.url(file))) {
            checkContents(c, file);
            return false;
        } catch (SQLException e) {
            if (e instanceof SQLiteException se && se.getResultCode() == SQLiteErrorCode.SQLITE_READONLY_ROLLBACK) {
                return true;
            }
            throw SqliteErrors.translate(e, "open the project", file);
        }
    }

    /**
     * SQLite's full integrity check (every page, and every index against its table: {@code quick_check} skips
     * the latter, and a file whose indexes disagree with their tables was once written to) and the header
     * fields, as SQLite sees them.
     */
    static void checkContents(Connection c, Path file) throws SQLException, StoreException {
        // quick_check first: it names the damaged pages where integrity_check stops at the first broken one
        List<String> problems = quickCheck(c);
        if (problems.isEmpty()) {
            problems = check(c, "integrity_check");
        }
        if (!problems.isEmpty()) {
            throw new DamagedProjectException("The project file " + file + " is damaged ("
                    + String.join("; ", dev.seedframe.domain.ProblemList.shown(problems, MAX_PROBLEMS_SHOWN))
                    + "). Seedframe writes nothing into a damaged project: it was left as it is. Open a backup copy"
                    + " instead (verify lists what is damaged and can still read the rest).");
        }
        if (pragmaInt(c, "application_id") != APPLICATION_ID) {
            throw new NotAProjectException(file + " is a SQLite database, but not a Seedframe project.");
        }
    }

    /** {@code PRAGMA quick_check}'s findings; empty when it says "ok". */
    static List<String> quickCheck(Connection c) throws SQLException {
        return check(c, "quick_check");
    }

    static List<String> check(Connection c, String pragma) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + pragma)) {
            while (r.next()) {
                for (String line : r.getString(1).split("\n")) {
                    // "*** in database main ***" only heads the findings of each attached database
                    if (!line.equals("ok") && !line.startsWith("*** in database")) {
                        out.add(line.strip());
                    }
                }
            }
        }
        return out;
    }

    static int pragmaInt(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /** What a non-SQLite file looks like, for the message. */
    static String describe(byte[] head) {
        if (startsWith(head, new byte[] {(byte) 0x89, 'P', 'N', 'G'})) {
            return "it is a PNG image";
        }
        if (startsWith(head, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})) {
            return "it is a JPEG image";
        }
        if (startsWith(head, "GIF8".getBytes(StandardCharsets.US_ASCII))) {
            return "it is a GIF image";
        }
        if (startsWith(head, "PK".getBytes(StandardCharsets.US_ASCII))) {
            return "it is a ZIP archive";
        }
        if (startsWith(head, "%PDF".getBytes(StandardCharsets.US_ASCII))) {
            return "it is a PDF document";
        }
        if (startsWith(head, "SQLite format".getBytes(StandardCharsets.US_ASCII))) {
            return "its database header is damaged";
        }
        boolean text = head.length > 0;
        for (byte b : head) {
            int v = b & 0xff;
            if (v < 0x09 || (v > 0x0d && v < 0x20) || v == 0x7f) {
                text = false;
                break;
            }
        }
        return text ? "it is a text file" : "it is not a SQLite database";
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(Arrays.copyOf(data, prefix.length), prefix);
    }

    private static int int32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
