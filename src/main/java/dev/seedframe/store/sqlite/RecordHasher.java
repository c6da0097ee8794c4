package dev.seedframe.store.sqlite;

import dev.seedframe.domain.Hashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hashes that make a project tamper-evident.
 *
 * <p>A generation's record is hashed part by part ({@link Parts}): its request JSON, model identity JSON,
 * engine environment JSON, notes, the content address of its output, the addresses of its inputs, and the
 * fields listed beside them (id, time, author, kind, prompt, seed, steps, CFG, size, model hash, device,
 * dtype: what {@code history} shows and the cache keys on). The parts are kept in the audit entry that recorded
 * the generation; their combined hash in the generation's {@code record_hash}. Every audit entry hashes its
 * own fields with the previous entry's hash ({@link #entry}), so the trail is a chain: an edit anywhere
 * breaks every link after it.
 *
 * <p>What this proves: that nothing was changed by a program writing the file directly after Seedframe wrote
 * it, and which part was. What it does not: anyone can recompute every hash; signing the chain's head with a
 * key (signature table) is what ties the file to its author.
 */
final class RecordHasher {

    /** The link of the first entry. */
    static final String GENESIS = "0".repeat(64);

    private static final String RECORD_SCHEME = "seedframe-record-v1";
    private static final String ENTRY_SCHEME = "seedframe-audit-v1";

    private RecordHasher() {}

    /** The hashed parts of a generation's record, by name, in a fixed order. */
    record Parts(Map<String, String> byName) {

        static final List<String> NAMES = List.of("request", "model", "environment", "notes", "output", "inputs",
                "fields");

        /** As stored in the audit entry: {@code name=hash} lines. */
        String text() {
            StringBuilder sb = new StringBuilder();
            for (String n : NAMES) {
                sb.append(n).append('=').append(byName.get(n)).append('\n');
            }
            return sb.toString();
        }

        String sha256() {
            return Hashes.sha256Hex(RECORD_SCHEME + "\n" + text());
        }

        /** The parts stored as {@link #text()}, or null when the text is not such a list. */
        static Parts parse(String text) {
            if (text == null) {
                return null;
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return m.keySet().containsAll(NAMES) ? new Parts(m) : null;
        }

        /** The names of the parts that differ from {@code recorded}. */
        List<String> changedSince(Parts recorded) {
            List<String> out = new ArrayList<>();
            for (String n : NAMES) {
                if (!byName.get(n).equals(recorded.byName.get(n))) {
                    out.add(n);
                }
            }
            return out;
        }
    }

    /** The parts of {@code row} with its inputs ({@code role:position:address}, in order). */
    static Parts of(GenerationDao.Row row, List<String> inputs) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("request", Hashes.sha256Hex(row.requestJson()));
        m.put("model", Hashes.sha256Hex(row.modelJson()));
        m.put("environment", Hashes.sha256Hex(row.environmentJson()));
        m.put("notes", Hashes.sha256Hex(row.adjustmentsJson()));
        m.put("output", row.outputSha256());
        m.put("inputs", Hashes.sha256Hex(String.join("\n", inputs)));
        m.put("fields", Hashes.sha256Hex(String.join("\u0000", Long.toString(row.id()), Db.timestamp(row.createdAt()),
                row.author(), row.kind(), row.prompt(), Long.toString(row.seed()), Integer.toString(row.steps()),
                String.format(Locale.ROOT, "%s", row.cfg()), Integer.toString(row.width()),
                Integer.toString(row.height()), row.modelSha256(), String.valueOf(row.seedframeVersion()),
                String.valueOf(row.device()), String.valueOf(row.dtype()))));
        return new Parts(m);
    }

    /** The parts of the stored generation {@code id}. */
    static Parts of(Connection c, GenerationDao.Row row) throws SQLException {
        return of(row, GenerationInputDao.entries(c, row.id()));
    }

    /** The hash of an audit entry, linked to the one before it. */
    static String entry(String prev, long id, String at, String actor, String action, Long generationId,
            String detail, String record) {
        return Hashes.sha256Hex(String.join("\u0000", ENTRY_SCHEME, prev, Long.toString(id), at, actor, action,
                generationId == null ? "" : generationId.toString(), detail == null ? "\u0001" : detail,
                record == null ? "\u0001" : record));
    }

    /**
     * Schema 4's Java step: gives every generation already in the file its record hash, every generate entry
     * its generation's parts, and links every entry, in the order they were written.
     */
    static void backfill(Connection c) throws SQLException {
        Map<Long, Parts> parts = new LinkedHashMap<>();
        for (GenerationDao.Row row : GenerationDao.all(c)) {
            Parts p = of(c, row);
            parts.put(row.id(), p);
            GenerationDao.setRecordSha256(c, row.id(), p.sha256());
        }
        String prev = GENESIS;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, at, actor, action, generation_id, detail FROM audit ORDER BY id");
                ResultSet r = ps.executeQuery()) {
            List<Object[]> rows = new ArrayList<>();
            while (r.next()) {
                long g = r.getLong(5);
                Long gid = r.wasNull() ? null : g;
                rows.add(new Object[] {r.getLong(1), r.getString(2), r.getString(3), r.getString(4), gid,
                        r.getString(6)});
            }
            for (Object[] e : rows) {
                Long gid = (Long) e[4];
                String record = "generate".equals(e[3]) && gid != null && parts.containsKey(gid)
                        ? parts.get(gid).text() : null;
                String hash = entry(prev, (Long) e[0], (String) e[1], (String) e[2], (String) e[3], gid,
                        (String) e[5], record);
                AuditDao.setChain(c, (Long) e[0], record, prev, hash);
                prev = hash;
            }
        }
    }
}
