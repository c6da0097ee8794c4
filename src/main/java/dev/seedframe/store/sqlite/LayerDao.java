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

/** The {@code layer} table: the layers edits put over the images they change. */
final class LayerDao {

    private static final String COLUMNS = "id, position, generation_id, image_sha256, visible, opacity, x, y,"
            + " alpha_sha256";

    private LayerDao() {}

    /** Adds a visible, opaque whole-image layer on top of the stack. */
    static long insertOnTop(Connection c, Long generationId, String imageSha) throws SQLException {
        return insertOnTop(c, generationId, imageSha, 0, 0, null);
    }

    /**
     * Adds a visible layer on top of the stack, its pixels at {@code (x, y)} with the coverage {@code alphaSha}
     * (null: opaque).
     */
    static long insertOnTop(Connection c, Long generationId, String imageSha, int x, int y, String alphaSha)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO layer (position, generation_id, image_sha256, visible, opacity, x, y, alpha_sha256)
                VALUES ((SELECT coalesce(max(position) + 1, 0) FROM layer), ?, ?, 1, 1.0, ?, ?, ?)""",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setObject(1, generationId);
            ps.setString(2, imageSha);
            ps.setInt(3, x);
            ps.setInt(4, y);
            ps.setString(5, alphaSha);
            ps.executeUpdate();
            return AuditDao.generatedKey(ps);
        }
    }

    /** The first layer of a generation, if it has one. */
    static Optional<Layer> ofGeneration(Connection c, long generationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM layer WHERE generation_id = ? ORDER BY position, id LIMIT 1")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(layer(r)) : Optional.empty();
            }
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
        return new Layer(r.getLong(1), r.getInt(2), generationId, r.getString(4), r.getInt(5) != 0, r.getDouble(6),
                r.getInt(7), r.getInt(8), r.getString(9));
    }
}
