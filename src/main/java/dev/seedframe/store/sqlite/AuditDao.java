package dev.seedframe.store.sqlite;

import dev.seedframe.domain.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code audit} table: the project's append-only trail of who did what. */
final class AuditDao {

    private AuditDao() {}

    static long insert(Connection c, Instant at, String actor, String action, Long generationId, String detail)
            throws SQLException {
        return insert(c, at, actor, action, generationId, detail, null);
    }

    /**
     * Appends an entry linked to the one before it ({@link RecordHasher#entry}).
     *
     * @param record the parts of the generation this entry records ({@link RecordHasher.Parts#text()}), or null
     */
    static long insert(Connection c, Instant at, String actor, String action, Long generationId, String detail,
            String record) throws SQLException {
        String prev = lastHash(c);
        String when = Db.timestamp(at);
        long id;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit (at, actor, action, generation_id, detail, record, prev_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, when);
            ps.setString(2, actor);
            ps.setString(3, action);
            if (generationId == null) {
                ps.setNull(4, Types.INTEGER);
            } else {
                ps.setLong(4, generationId);
            }
            ps.setString(5, detail);
            ps.setString(6, record);
            ps.setString(7, prev);
            ps.executeUpdate();
            id = generatedKey(ps);
        }
        setChain(c, id, record, prev, RecordHasher.entry(prev, id, when, actor, action, generationId, detail, record));
        return id;
    }

    /** The hash of the newest entry, or the genesis link when there is none. */
    static String lastHash(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT entry_hash FROM audit ORDER BY id DESC LIMIT 1");
                ResultSet r = ps.executeQuery()) {
            String h = r.next() ? r.getString(1) : null;
            return h == null ? RecordHasher.GENESIS : h;
        }
    }

    static void setChain(Connection c, long id, String record, String prev, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE audit SET record = ?, prev_hash = ?, entry_hash = ? WHERE id = ?")) {
            ps.setString(1, record);
            ps.setString(2, prev);
            ps.setString(3, hash);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** An entry with its chain fields, as stored. */
    record Chained(long id, String at, String actor, String action, Long generationId, String detail, String record,
            String prev, String hash) {}

    static List<Chained> chain(Connection c) throws SQLException {
        List<Chained> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, at, actor, action, generation_id, detail, record,"
                + " prev_hash, entry_hash FROM audit ORDER BY id"); ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                long g = r.getLong(5);
                Long gid = r.wasNull() ? null : g;
                out.add(new Chained(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), gid, r.getString(6),
                        r.getString(7), r.getString(8), r.getString(9)));
            }
        }
        return out;
    }

    static List<AuditEntry> all(Connection c) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, at, actor, action, generation_id, detail FROM audit ORDER BY id");
                ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                long g = r.getLong(5);
                Long generationId = r.wasNull() ? null : g;
                out.add(new AuditEntry(r.getLong(1), Db.instant(r.getString(2)), r.getString(3), r.getString(4),
                        generationId, r.getString(6)));
            }
        }
        return out;
    }

    static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("SQLite returned no row id");
            }
            return keys.getLong(1);
        }
    }
}
