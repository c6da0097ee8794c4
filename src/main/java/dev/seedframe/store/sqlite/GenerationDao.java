package dev.seedframe.store.sqlite;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.Timings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code generation} table. */
final class GenerationDao {

    /** A row as stored; the store turns the JSON columns into domain values. */
    record Row(
            long id,
            Long parentId,
            Instant createdAt,
            String author,
            String kind,
            String prompt,
            long seed,
            int steps,
            double cfg,
            int width,
            int height,
            String requestJson,
            String modelSha256,
            String modelJson,
            String seedframeVersion,
            String device,
            String dtype,
            String environmentJson,
            String adjustmentsJson,
            Timings timings,
            String outputSha256,
            boolean starred,
            String cacheKey) {}

    private static final String COLUMNS = "id, parent_id, created_at, author, kind, prompt, seed, steps, cfg, width,"
            + " height, request_json, model_sha256, model_json, seedframe_version, device, dtype, environment_json,"
            + " adjustments_json, text_encode_ms, denoise_ms, decode_ms, total_ms, output_sha256, starred, cache_key";

    private GenerationDao() {}

    /** Inserts a row (its id is ignored) and returns the new id. */
    static long insert(Connection c, Row g) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO generation (" + COLUMNS.substring("id, ".length())
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            int i = 1;
            ps.setObject(i++, g.parentId());
            ps.setString(i++, Db.timestamp(g.createdAt()));
            ps.setString(i++, g.author());
            ps.setString(i++, g.kind());
            ps.setString(i++, g.prompt());
            ps.setLong(i++, g.seed());
            ps.setInt(i++, g.steps());
            ps.setDouble(i++, g.cfg());
            ps.setInt(i++, g.width());
            ps.setInt(i++, g.height());
            ps.setString(i++, g.requestJson());
            ps.setString(i++, g.modelSha256());
            ps.setString(i++, g.modelJson());
            ps.setString(i++, g.seedframeVersion());
            ps.setString(i++, g.device());
            ps.setString(i++, g.dtype());
            ps.setString(i++, g.environmentJson());
            ps.setString(i++, g.adjustmentsJson());
            ps.setLong(i++, g.timings().textEncodeMs());
            ps.setLong(i++, g.timings().denoiseMs());
            ps.setLong(i++, g.timings().decodeMs());
            ps.setLong(i++, g.timings().totalMs());
            ps.setString(i++, g.outputSha256());
            ps.setInt(i++, g.starred() ? 1 : 0);
            ps.setString(i, g.cacheKey());
            ps.executeUpdate();
            return AuditDao.generatedKey(ps);
        }
    }

    static Optional<Row> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM generation WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /** Every row, oldest first. */
    static List<Row> all(Connection c) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM generation ORDER BY id");
                ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                out.add(row(r));
            }
        }
        return out;
    }

    /** Every generation's history line, oldest first. */
    static List<GenerationSummary> summaries(Connection c) throws SQLException {
        List<GenerationSummary> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, parent_id, created_at, kind, seed, prompt, width,"
                        + " height, output_sha256, starred, CASE WHEN json_valid(request_json)"
                        + " THEN json_extract(request_json, '$.loras') END FROM generation ORDER BY id");
                ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                long parent = r.getLong(2);
                Long parentId = r.wasNull() ? null : parent;
                out.add(new GenerationSummary(r.getLong(1), parentId, Db.instant(r.getString(3)), kind(r.getString(4)),
                        r.getLong(5), r.getString(6), r.getInt(7), r.getInt(8), r.getString(9), r.getInt(10) != 0,
                        loras(r.getString(11))));
            }
        }
        return out;
    }

    /**
     * A history line's LoRAs, from its request's {@code "loras"} list; none when the request cannot be read (a damaged
     * record still has its line: loading it, replay and verify name what is wrong with it).
     */
    private static List<dev.seedframe.domain.LoraSpec> loras(String json) {
        try {
            return dev.seedframe.domain.codec.RequestJson.readLoras(json);
        } catch (dev.seedframe.domain.codec.InvalidJsonException e) {
            return List.of();
        }
    }

    static PipelineKind kind(String id) throws SQLException {
        try {
            return PipelineKind.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new SQLException("a generation names an unknown pipeline kind \"" + id + "\"", e);
        }
    }

    static boolean exists(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM generation WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet r = ps.executeQuery()) {
                return r.next();
            }
        }
    }

    static Optional<Long> newestWithCacheKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM generation WHERE cache_key = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, key);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Gives the children of {@code id} its parent; returns how many there were. */
    static int reparentChildren(Connection c, long id, Long newParent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE generation SET parent_id = ? WHERE parent_id = ?")) {
            ps.setObject(1, newParent);
            ps.setLong(2, id);
            return ps.executeUpdate();
        }
    }

    static void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM generation WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    static void setRecordSha256(Connection c, long id, String sha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE generation SET record_hash = ? WHERE id = ?")) {
            ps.setString(1, sha);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** The record hash stored with generation {@code id}, or null. */
    static String recordSha256(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT record_hash FROM generation WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet r = ps.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    static boolean setStarred(Connection c, long id, boolean starred) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE generation SET starred = ? WHERE id = ?")) {
            ps.setInt(1, starred ? 1 : 0);
            ps.setLong(2, id);
            return ps.executeUpdate() > 0;
        }
    }

    private static Row row(ResultSet r) throws SQLException {
        long parent = r.getLong(2);
        Long parentId = r.wasNull() ? null : parent;
        return new Row(r.getLong(1), parentId, Db.instant(r.getString(3)), r.getString(4), r.getString(5),
                r.getString(6), r.getLong(7), r.getInt(8), r.getDouble(9), r.getInt(10), r.getInt(11),
                r.getString(12), r.getString(13), r.getString(14), r.getString(15), r.getString(16),
                r.getString(17), r.getString(18), r.getString(19),
                new Timings(r.getLong(20), r.getLong(21), r.getLong(22), r.getLong(23)), r.getString(24),
                r.getInt(25) != 0, r.getString(26));
    }
}
