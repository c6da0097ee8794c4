package dev.seedframe.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code generation_input} table: which stored images a generation's request uses. */
final class GenerationInputDao {

    static final String IMAGE = "image";
    static final String MASK = "mask";

    private GenerationInputDao() {}

    static void insert(Connection c, long generationId, String role, int position, String sha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO generation_input (generation_id, role, position, image_sha256) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, generationId);
            ps.setString(2, role);
            ps.setInt(3, position);
            ps.setString(4, sha);
            ps.executeUpdate();
        }
    }

    /** The images a generation uses as inputs (images, then the mask). */
    static List<String> shas(Connection c, long generationId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT image_sha256 FROM generation_input WHERE generation_id = ? ORDER BY role, position")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    /** The inputs of a generation as {@code role:position:address}, in a fixed order. */
    static List<String> entries(Connection c, long generationId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT role, position, image_sha256 FROM generation_input"
                + " WHERE generation_id = ? ORDER BY role, position")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1) + ":" + r.getInt(2) + ":" + r.getString(3));
                }
            }
        }
        return out;
    }
}
