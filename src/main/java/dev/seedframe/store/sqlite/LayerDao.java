package dev.seedframe.store.sqlite;

import dev.seedframe.domain.Layer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code layer} table: the studio's layer stack. */
final class LayerDao {

    private static final String COLUMNS = "id, position, generation_id, image_sha256, visible, opacity";

    private LayerDao() {}

    /** Adds a visible, opaque layer on top of the stack. */
    static long insertOnTop(Connection c, Long generationId, String imageSha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO layer (position, generation_id, image_sha256, visible, opacity)
                VALUES ((SELECT coalesce(max(position) + 1, 0) FROM layer), ?, ?, 1, 1.0)""",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setObject(1, generationId);
            ps.setString(2, imageSha);
            ps.executeUpdate();
            return AuditDao.generatedKey(ps);
        }
    }

    static Optional<Layer> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM layer WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(layer(r)) : Optional.empty();
            }
        }
    }

    static List<Layer> all(Connection c) throws SQLException {
        List<Layer> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM layer ORDER BY position, id");
                ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                out.add(layer(r));
            }
        }
        return out;
    }

    static boolean setVisible(Connection c, long id, boolean visible) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE layer SET visible = ? WHERE id = ?")) {
            ps.setInt(1, visible ? 1 : 0);
            ps.setLong(2, id);
            return ps.executeUpdate() > 0;
        }
    }

    static boolean setOpacity(Connection c, long id, double opacity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE layer SET opacity = ? WHERE id = ?")) {
            ps.setDouble(1, opacity);
            ps.setLong(2, id);
            return ps.executeUpdate() > 0;
        }
    }

    static void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM layer WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private static Layer layer(ResultSet r) throws SQLException {
        long g = r.getLong(3);
        Long generationId = r.wasNull() ? null : g;
        return new Layer(r.getLong(1), r.getInt(2), generationId, r.getString(4), r.getInt(5) != 0, r.getDouble(6));
    }
}
