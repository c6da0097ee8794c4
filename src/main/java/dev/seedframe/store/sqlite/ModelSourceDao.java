package dev.seedframe.store.sqlite;

import dev.seedframe.domain.ModelSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code generation_model_source} table: where a generation's model came from. */
final class ModelSourceDao {

    private ModelSourceDao() {}

    static void insert(Connection c, long generationId, ModelSource s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO generation_model_source (generation_id, repo_id,"
                + " revision, commit_hash, folder) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, generationId);
            ps.setString(2, s.repoId());
            ps.setString(3, s.revision());
            ps.setString(4, s.commit());
            ps.setString(5, s.folder());
            ps.executeUpdate();
        }
    }

    /** The source recorded for a generation; an {@link IllegalArgumentException} when the row is damaged. */
    static Optional<ModelSource> find(Connection c, long generationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT repo_id, revision, commit_hash, folder"
                + " FROM generation_model_source WHERE generation_id = ?")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                String folder = r.getString(4);
                if (folder == null) {
                    throw new IllegalArgumentException("it names no folder");
                }
                return Optional.of(new ModelSource(r.getString(1), r.getString(2), r.getString(3), folder));
            }
        }
    }

    /**
     * The recorded source of a generation's model (repository, revision, commit, folder), one text for its record
     * hash ({@link RecordHasher}); null when it has none.
     */
    static String recordFields(Connection c, long generationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT repo_id, revision, commit_hash, folder"
                + " FROM generation_model_source WHERE generation_id = ?")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? String.join("\u0000", String.valueOf(r.getString(1)), String.valueOf(r.getString(2)),
                        String.valueOf(r.getString(3)), String.valueOf(r.getString(4))) : null;
            }
        }
    }
}
