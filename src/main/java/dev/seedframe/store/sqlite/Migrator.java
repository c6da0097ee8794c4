package dev.seedframe.store.sqlite;

import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a project file's schema up to date with numbered SQL scripts, forward only.
 *
 * <ul>
 *   <li>The schema version is {@code PRAGMA user_version}: no bookkeeping table in a user's document.
 *   <li>Scripts are {@code V0001__name.sql, V0002__...}, contiguous from 1 (checked when loaded, as
 *       InvokeAI's migration chain check does), registered in {@link #SCRIPTS}, never edited once shipped.
 *   <li>Each script runs in its own explicit {@code BEGIN IMMEDIATE} transaction that also sets
 *       {@code user_version}: a failure or a killed process leaves the file at the previous version,
 *       never half-migrated. The version is re-read inside the transaction, so two processes opening the
 *       same old file at once do not apply a script twice.
 *   <li>A script may have a data step in Java ({@link #DATA_STEPS}), for a change of what a column holds that SQL
 *       cannot compute; it runs after the script's SQL, in the same transaction.
 *   <li>Foreign keys are off while scripts run (so a later script may rebuild a table the SQLite way) and
 *       {@code PRAGMA foreign_key_check} must pass before each commit.
 * </ul>
 *
 * The caller makes the backup copy before the first script runs on an existing file.
 */
final class Migrator {

    /** The scripts under {@link #RESOURCE_DIR}, in order. Append only. */
    static final List<String> SCRIPTS = List.of(
            "V0001__generations_images_audit.sql",
            "V0002__layers_and_stars.sql",
            "V0003__cache_key.sql",
            "V0004__notes_as_codes.sql",
            "V0005__imports_and_layer_regions.sql",
            "V0006__model_source.sql",
            "V0007__record_hashes.sql",
            "V0008__model_single_files.sql");

    /** A change to the rows a script's SQL cannot make, run after it in its transaction. */
    interface DataStep {
        void apply(Connection c) throws SQLException;
    }

    /** The data steps, by the name of the script they belong to. */
    static final Map<String, DataStep> DATA_STEPS = Map.of(
            "V0004__notes_as_codes.sql", NotesAsCodes::apply,
            "V0007__record_hashes.sql", RecordHasher::backfill);

    static final String RESOURCE_DIR = "/dev/seedframe/store/migrations/";

    private static final Pattern NAME = Pattern.compile("V(\\d{4})__[a-z0-9_]+\\.sql");

    /**
     * One script.
     *
     * @param data its data step, or null
     */
    record Migration(int version, String name, String sql, DataStep data) {

        Migration(int version, String name, String sql) {
            this(version, name, sql, null);
        }
    }

    /** This Seedframe's migrations. */
    static final Migrator STANDARD = new Migrator(load(SCRIPTS));

    private final List<Migration> migrations;

    Migrator(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalStateException("migration " + migrations.get(i).name() + " has version "
                        + migrations.get(i).version() + " but is number " + (i + 1) + " in the chain");
            }
        }
        this.migrations = List.copyOf(migrations);
    }

    /** The newest schema version: the number of migrations. */
    int latest() {
        return migrations.size();
    }

    List<Migration> migrations() {
        return migrations;
    }

    /** Loads scripts from the class path, checking that their numbers run 1, 2, 3... */
    static List<Migration> load(List<String> names) {
        List<Migration> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("migration script name " + name + " is not V0001__lower_case_name.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (version != i + 1) {
                throw new IllegalStateException("migration scripts must be numbered 1, 2, 3... without gaps; "
                        + name + " is in place " + (i + 1));
            }
            out.add(new Migration(version, name, resource(RESOURCE_DIR + name), DATA_STEPS.get(name)));
        }
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = Migrator.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applies every migration newer than the file's version.
     *
     * @param backupNote said in the error message if a migration fails ("a backup is at ..."), or ""
     * @return how many scripts this call applied (0 when the file was current, or another process
     *     upgraded it first)
     */
    int migrate(Db db, String backupNote) throws StoreException {
        Connection c = db.connection();
        try {
            if (db.pragmaInt("user_version") >= latest()) {
                return 0;
            }
            db.exec("PRAGMA foreign_keys = OFF");
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "upgrade the project", db.shown());
        }
        int applied = 0;
        try {
            for (Migration m : migrations) {
                if (apply(db, c, m, backupNote)) {
                    applied++;
                }
            }
        } finally {
            try {
                db.exec("PRAGMA foreign_keys = ON");
            } catch (SQLException e) {
                throw SqliteErrors.translate(e, "upgrade the project", db.shown());
            }
        }
        return applied;
    }

    /** Whether {@code sql} holds a statement, not only comments (a script whose change is all in its data step). */
    static boolean hasStatements(String sql) {
        return sql.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("--"));
    }

    /** Runs one script in its own transaction; false if the file already had it. */
    private static boolean apply(Db db, Connection c, Migration m, String backupNote) throws StoreException {
        String action = "upgrade the project to schema " + m.version() + " (" + m.name() + ")";
        return db.write(action, conn -> {
            int current = db.pragmaInt("user_version");
            if (current >= m.version()) {
                return false; // already applied (by this process earlier, or by another one just now)
            }
            if (current != m.version() - 1) {
                throw new IllegalStateException("schema " + current + " cannot take migration " + m.name());
            }
            try (Statement s = conn.createStatement()) {
                if (hasStatements(m.sql())) {
                    s.executeUpdate(m.sql());
                }
                if (m.data() != null) {
                    m.data().apply(conn);
                }
            } catch (SQLException e) {
                if (SqliteErrors.primaryCode(e) == SqliteErrors.SQLITE_BUSY
                        || SqliteErrors.primaryCode(e) == SqliteErrors.SQLITE_FULL) {
                    throw e;
                }
                throw new StoreException("Could not " + action + ": " + SqliteErrors.detail(e) + ". The file is unchanged at schema "
                        + current + "." + backupNote, e);
            }
            try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
                if (r.next()) {
                    throw new StoreException("Could not " + action + ": it leaves a broken reference in table "
                            + r.getString(1) + ". The file is unchanged at schema " + current + "." + backupNote);
                }
            }
            db.exec("PRAGMA user_version = " + m.version());
            return true;
        });
    }
}
