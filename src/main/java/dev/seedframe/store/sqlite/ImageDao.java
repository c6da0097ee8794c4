package dev.seedframe.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code image} table: PNGs keyed by the SHA-256 of their pixels. */
final class ImageDao {

    static final String RGB = "rgb";
    static final String MASK = "mask";

    /** A stored image. */
    record StoredImage(String sha256, String kind, int width, int height, byte[] png) {}

    private ImageDao() {}

    static boolean exists(Connection c, String sha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM image WHERE sha256 = ?")) {
            ps.setString(1, sha);
            try (ResultSet r = ps.executeQuery()) {
                return r.next();
            }
        }
    }

    static void insert(Connection c, String sha, String kind, int width, int height, byte[] png, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO image (sha256, kind, width, height, png, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, sha);
            ps.setString(2, kind);
            ps.setInt(3, width);
            ps.setInt(4, height);
            ps.setBytes(5, png);
            ps.setString(6, Db.timestamp(at));
            ps.executeUpdate();
        }
    }

    static Optional<StoredImage> find(Connection c, String sha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, width, height, png FROM image WHERE sha256 = ?")) {
            ps.setString(1, sha);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredImage(sha, r.getString(1), r.getInt(2), r.getInt(3), r.getBytes(4)));
            }
        }
    }

    static List<String> allShas(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT sha256 FROM image ORDER BY sha256");
                ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    /**
     * Deletes an image that no generation output, generation input or layer uses any more. The tables'
     * {@code ON DELETE RESTRICT} foreign keys back this up: a reference a later schema adds without
     * updating this query makes the delete fail loudly instead of losing the image.
     *
     * @return whether it was deleted
     */
    static boolean deleteIfUnused(Connection c, String sha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                DELETE FROM image WHERE sha256 = ?
                  AND NOT EXISTS (SELECT 1 FROM generation WHERE output_sha256 = image.sha256)
                  AND NOT EXISTS (SELECT 1 FROM generation_input WHERE image_sha256 = image.sha256)
                  AND NOT EXISTS (SELECT 1 FROM layer WHERE image_sha256 = image.sha256)
                  AND NOT EXISTS (SELECT 1 FROM layer WHERE alpha_sha256 = image.sha256)
                  AND NOT EXISTS (SELECT 1 FROM imported_file WHERE alpha_sha256 = image.sha256)""")) {
            ps.setString(1, sha);
            return ps.executeUpdate() > 0;
        }
    }
}
