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
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit (at, actor, action, generation_id, detail) VALUES (?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, Db.timestamp(at));
            ps.setString(2, actor);
            ps.setString(3, action);
            if (generationId == null) {
                ps.setNull(4, Types.INTEGER);
            } else {
                ps.setLong(4, generationId);
            }
            ps.setString(5, detail);
            ps.executeUpdate();
            return generatedKey(ps);
        }
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
