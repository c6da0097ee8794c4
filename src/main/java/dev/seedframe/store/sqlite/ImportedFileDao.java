package dev.seedframe.store.sqlite;

import dev.seedframe.domain.ImportedFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code imported_file} table: the files imported pictures came from, byte for byte. */
final class ImportedFileDao {

    /** A row: the file and its alpha channel's content address (or null). */
    record Row(long generationId, ImportedFile file, String alphaSha256) {}

    private ImportedFileDao() {}

    static void insert(Connection c, long generationId, ImportedFile f, String alphaSha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO imported_file (generation_id, name, size, file_hash,"
                + " format, bytes, alpha_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, generationId);
            ps.setString(2, f.name());
            ps.setLong(3, f.size());
            ps.setString(4, f.sha256());
            ps.setString(5, f.format());
            ps.setBytes(6, f.bytes());
            ps.setString(7, alphaSha);
            ps.executeUpdate();
        }
    }

    static Optional<Row> find(Connection c, long generationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT generation_id, name, size, file_hash, format, bytes,"
                + " alpha_sha256 FROM imported_file WHERE generation_id = ?")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /** Every row, for the integrity check. */
    static List<Row> all(Connection c) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT generation_id, name, size, file_hash, format, bytes,"
                + " alpha_sha256 FROM imported_file ORDER BY generation_id");
                ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                out.add(row(r));
            }
        }
        return out;
    }

    /**
     * The recorded fields of a generation's imported file (name, size, SHA-256 of its bytes, format, alpha), one
     * text for its record hash ({@link RecordHasher}); null when it has none.
     */
    static String recordFields(Connection c, long generationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, size, file_hash, format, alpha_sha256"
                + " FROM imported_file WHERE generation_id = ?")) {
            ps.setLong(1, generationId);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? String.join("\u0000", r.getString(1), Long.toString(r.getLong(2)), r.getString(3),
                        r.getString(4), String.valueOf(r.getString(5))) : null;
            }
        }
    }

    private static Row row(ResultSet r) throws SQLException {
        byte[] bytes = r.getBytes(6);
        return new Row(r.getLong(1), new ImportedFile(r.getString(2), bytes.length, r.getString(4), r.getString(5),
                bytes), r.getString(7));
    }
}
