package dev.seedframe.store.sqlite;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.Hashes;
import dev.seedframe.domain.Layer;
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
 * engine environment JSON, notes (their codes), the content address of its output, the addresses of its inputs,
 * the fields listed beside them (id, time, author, kind, prompt, seed, steps, CFG, size, model hash, device,
 * dtype: what {@code history} shows and the cache keys on), the file an imported picture came from (name, size,
 * SHA-256 of its bytes, format, alpha channel), where its model came from (repository, revision, commit, folder:
 * replay looks for the model there) and the layer it put over the image it edited (pixels, place, coverage). The
 * parts are kept in the audit entry that recorded the generation; their combined hash in the generation's {@code
 * record_hash}. Every audit entry hashes its own fields with the previous entry's hash ({@link #entry}), so the
 * trail is a chain: an edit anywhere breaks every link after it.
 *
 * <p>Not in the record, because a person changes them with Seedframe after the generation: its star, its parent
 * (re-parented when its parent is deleted), its cache key, and the composition of layers (visibility, opacity,
 * order, a layer removed, or added again as the whole image). The layer part is therefore checked only while the
 * layer it recorded is there ({@link Parts#layerChanged}).
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
                "fields", "import", "source", "layer");

        /** The value of the import, source and layer parts of a generation that has none. */
        static final String NONE = "none";

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

        /**
         * The names of the parts that differ from {@code recorded}.
         *
         * @param outputSha256 the generation's output as stored now (a layer added later shows it whole)
         */
        List<String> changedSince(Parts recorded, String outputSha256) {
            List<String> out = new ArrayList<>();
            for (String n : NAMES) {
                boolean changed = n.equals("layer") ? layerChanged(recorded.byName.get(n), byName.get(n), outputSha256)
                        : !byName.get(n).equals(recorded.byName.get(n));
                if (changed) {
                    out.add(n);
                }
            }
            return out;
        }

        /**
         * Whether a generation's layer ({@code id:hash}, or {@link #NONE}) was changed behind Seedframe's back: the
         * layer recorded with it, while it is there, must be as recorded; one added since (the studio's "add as
         * layer") must be what adding makes, the whole output at 0,0, opaque. A layer removed is the person's
         * choice, not an edit of the record.
         */
        static boolean layerChanged(String recorded, String now, String outputSha256) {
            if (now.equals(NONE)) {
                return false;
            }
            String nowId = now.substring(0, now.indexOf(':'));
            if (!recorded.equals(NONE) && recorded.substring(0, recorded.indexOf(':')).equals(nowId)) {
                return !recorded.equals(now);
            }
            return !now.equals(nowId + ":" + layerHash(outputSha256, 0, 0, null));
        }
    }

    /**
     * The parts of {@code row} with its inputs ({@code role:position:address}, in order), its imported file's, model
     * source's and layer's fields ({@link Parts#NONE} for none).
     */
    static Parts of(GenerationDao.Row row, List<String> inputs, String importFields, String sourceFields,
            String layer) {
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
        m.put("import", importFields == null ? Parts.NONE : Hashes.sha256Hex(importFields));
        m.put("source", sourceFields == null ? Parts.NONE : Hashes.sha256Hex(sourceFields));
        m.put("layer", layer == null ? Parts.NONE : layer);
        return new Parts(m);
    }

    /** The parts of the stored generation {@code row}. */
    static Parts of(Connection c, GenerationDao.Row row) throws SQLException {
        Layer layer = LayerDao.ofGeneration(c, row.id()).orElse(null);
        return of(row, GenerationInputDao.entries(c, row.id()), ImportedFileDao.recordFields(c, row.id()),
                ModelSourceDao.recordFields(c, row.id()), layer == null ? null : layer.id() + ":"
                        + layerHash(layer.imageSha256(), layer.x(), layer.y(), layer.alphaSha256()));
    }

    /** The hash of a layer's pixels, place and coverage. */
    static String layerHash(String imageSha256, int x, int y, String alphaSha256) {
        return Hashes.sha256Hex(String.join("\u0000", imageSha256, Integer.toString(x), Integer.toString(y),
                String.valueOf(alphaSha256)));
    }

    /** The hash of an audit entry, linked to the one before it. */
    static String entry(String prev, long id, String at, String actor, String action, Long generationId,
            String detail, String record) {
        return Hashes.sha256Hex(String.join("\u0000", ENTRY_SCHEME, prev, Long.toString(id), at, actor, action,
                generationId == null ? "" : generationId.toString(), detail == null ? "\u0001" : detail,
                record == null ? "\u0001" : record));
    }

    /**
     * The data step of {@code V0007__record_hashes.sql}: gives every generation already in the file its record
     * hash, the entry that recorded it (its first generate or import entry) its parts, and links every entry, in
     * the order they were written.
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
            java.util.Set<Long> recorded = new java.util.HashSet<>();
            for (Object[] e : rows) {
                Long gid = (Long) e[4];
                boolean records = (AuditEntry.GENERATE.equals(e[3]) || AuditEntry.IMPORT.equals(e[3])) && gid != null
                        && parts.containsKey(gid) && recorded.add(gid);
                String record = records ? parts.get(gid).text() : null;
                String hash = entry(prev, (Long) e[0], (String) e[1], (String) e[2], (String) e[3], gid,
                        (String) e[5], record);
                AuditDao.setChain(c, (Long) e[0], record, prev, hash);
                prev = hash;
            }
        }
    }
}
