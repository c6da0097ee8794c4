package dev.seedframe.store.sqlite;

import dev.seedframe.domain.ModelSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code generation_model_source} table (where a generation's model came from: a Hub snapshot or a folder) and
 * {@code generation_model_files} (the single files that replaced some of its components).
 */
final class ModelSourceDao {

    private ModelSourceDao() {}

    static void insert(Connection c, long generationId, ModelSource s) throws SQLException {
        if (s.folder() != null) {
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
        ModelSource.SingleFiles f = s.files();
        if (f != null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO generation_model_files (generation_id,"
                    + " transformer_file, text_encoder_file, vae_file, configs_folder) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, generationId);
                ps.setString(2, f.transformer());
                ps.setString(3, f.textEncoder());
                ps.setString(4, f.vae());
                ps.setString(5, f.configs());
                ps.executeUpdate();
            }
        }
    }

    /** The source recorded for a generation; an {@link IllegalArgumentException} when a row is damaged. */
    static Optional<ModelSource> find(Connection c, long generationId) throws SQLException {
        ModelSource.SingleFiles files = files(c, generationId);
        try (PreparedStatement ps = c.prepareStatement("SELECT repo_id, revision, commit_hash, folder"
                + " FROM generation_model_source WHERE generation_id = ?")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    return files == null ? Optional.empty()
                            : Optional.of(new ModelSource(null, null, null, null, files));
                }
                String folder = r.getString(4);
                if (folder == null) {
                    throw new IllegalArgumentException("it names no folder");
                }
                return Optional.of(new ModelSource(r.getString(1), r.getString(2), r.getString(3), folder, files));
            }
        }
    }

    private static ModelSource.SingleFiles files(Connection c, long generationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT transformer_file, text_encoder_file, vae_file,"
                + " configs_folder FROM generation_model_files WHERE generation_id = ?")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? new ModelSource.SingleFiles(r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4)) : null;
            }
        }
    }

    /**
     * The recorded source of a generation's model (repository, revision, commit, folder, then the single files when it
     * has any), one text for its record hash ({@link RecordHasher}); null when it has none. A source without single
     * files gives the text earlier versions hashed.
     */
    static String recordFields(Connection c, long generationId) throws SQLException {
        String folder;
        try (PreparedStatement ps = c.prepareStatement("SELECT repo_id, revision, commit_hash, folder"
                + " FROM generation_model_source WHERE generation_id = ?")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                folder = r.next() ? String.join("\u0000", String.valueOf(r.getString(1)), String.valueOf(r.getString(2)),
                        String.valueOf(r.getString(3)), String.valueOf(r.getString(4))) : null;
            }
        }
        if (!filesTableExists(c)) {
            return folder; // V0007's data step hashes the records of a file not yet at schema 8
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT transformer_file, text_encoder_file, vae_file,"
                + " configs_folder FROM generation_model_files WHERE generation_id = ?")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    return folder;
                }
                return String.valueOf(folder) + "\u0000files\u0000" + String.join("\u0000",
                        String.valueOf(r.getString(1)), String.valueOf(r.getString(2)), String.valueOf(r.getString(3)),
                        String.valueOf(r.getString(4)));
            }
        }
    }

    private static boolean filesTableExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'generation_model_files'");
                ResultSet r = ps.executeQuery()) {
            return r.next();
        }
    }
}
