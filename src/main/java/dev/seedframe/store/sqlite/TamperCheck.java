package dev.seedframe.store.sqlite;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.Hashes;
import dev.seedframe.domain.ProblemList;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a project's hashes back ({@link RecordHasher}) and names what was changed behind Seedframe's back:
 * which part of which generation's record, which audit entry, which image. Kept apart from what the engine
 * can say: a record found edited is not replayed as if it were the original, so "the engine gave other pixels"
 * is only said of records that are intact.
 */
final class TamperCheck {

    /** The decoded content address of a stored image, or null when it is missing or undecodable. */
    @FunctionalInterface
    interface PixelAddress {
        String of(Connection c, String sha256) throws SQLException;
    }

    private TamperCheck() {}

    private static final Map<String, String> PART_WORDS = Map.of(
            "request", "its request was changed after it was recorded",
            "output", "its output was redirected to another image than the one recorded",
            "model", "its model identity was edited",
            "environment", "its engine environment was edited",
            "notes", "its notes were edited",
            "inputs", "its input images were changed",
            "fields", "its listed fields (prompt, seed, steps, CFG, size, model, device) were edited",
            "import", "the record of the file it was imported from (name, size, hash, format) was edited",
            "source", "where its model came from (repository, commit, folder) was edited",
            "layer", "its layer holds other pixels, another place or another coverage than it recorded");

    /** Per generation, what was changed in its record; intact generations are absent. */
    static Map<Long, List<String>> records(Connection c, PixelAddress pixels) throws SQLException {
        Map<Long, AuditDao.Chained> recordedBy = new HashMap<>();
        Map<Long, String> imports = new HashMap<>();
        for (AuditDao.Chained e : AuditDao.chain(c)) {
            if (e.generationId() == null) {
                continue;
            }
            if (e.record() != null) {
                recordedBy.putIfAbsent(e.generationId(), e);
            } else if (AuditEntry.IMPORT.equals(e.action())) {
                imports.put(e.generationId(), e.detail());
            }
        }
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (GenerationDao.Row row : GenerationDao.all(c)) {
            List<String> found = new ArrayList<>();
            RecordHasher.Parts now = RecordHasher.of(c, row);
            AuditDao.Chained entry = recordedBy.get(row.id());
            RecordHasher.Parts recorded = entry == null ? null : RecordHasher.Parts.parse(entry.record());
            if (recorded == null) {
                found.add("no audit entry records it: it was added to the file behind Seedframe's back");
            } else {
                for (String part : now.changedSince(recorded, row.outputSha256())) {
                    found.add(PART_WORDS.get(part) + detail(part, row));
                }
                String stored = GenerationDao.recordSha256(c, row.id());
                if (found.isEmpty() && !recorded.sha256().equals(stored)) {
                    found.add("its record hash was edited");
                }
            }
            if (!Hashes.sha256Hex(row.modelJson()).equals(row.modelSha256())) {
                found.add("its model identity was edited (its model hash does not match the identity it lists)");
            }
            String decoded = pixels.of(c, row.outputSha256());
            if (decoded != null && !decoded.equals(row.outputSha256())) {
                found.add("its image is not the one recorded: the stored pixels no longer match the recorded hash");
            }
            String imported = imports.get(row.id());
            if (imported != null && (imported.contains(AuditEntry.IMPORT_DATA_CHANGED)
                    || imported.contains(AuditEntry.IMPORT_PIXELS_CHANGED))) {
                found.add("it was imported from a PNG whose " + (imported.contains(AuditEntry.IMPORT_PIXELS_CHANGED)
                        ? "pixels were not the exported ones" : "Seedframe data had been changed after export")
                        + " (" + imported + ")");
            }
            if (!found.isEmpty()) {
                out.put(row.id(), found);
            }
        }
        return out;
    }

    /** Which listed field disagrees with the request, when one does. */
    private static String detail(String part, GenerationDao.Row row) {
        if (!part.equals("request") && !part.equals("fields")) {
            return "";
        }
        try {
            var q = dev.seedframe.domain.codec.RequestJson.parse(row.requestJson()).request();
            List<String> d = new ArrayList<>();
            if (q.seed() != row.seed()) {
                d.add("its request says seed " + q.seed() + ", its listing " + row.seed());
            }
            if (q.steps() != row.steps()) {
                d.add("its request says " + q.steps() + " steps, its listing " + row.steps());
            }
            if (!q.prompt().equals(row.prompt())) {
                d.add("its request and its listing give different prompts");
            }
            return d.isEmpty() ? "" : " (" + String.join("; ", d) + ")";
        } catch (dev.seedframe.domain.codec.InvalidJsonException e) {
            return " (and it no longer reads: " + e.getMessage() + ")";
        }
    }

    /**
     * The audit trail's chain: every entry must link to the one before and hash to what it says. Also names
     * generations that a generate entry recorded and that are gone without a delete entry.
     */
    static List<String> chain(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        String expectedPrev = RecordHasher.GENESIS;
        Set<Long> present = new HashSet<>();
        for (GenerationDao.Row row : GenerationDao.all(c)) {
            present.add(row.id());
        }
        Set<Long> deleted = new HashSet<>();
        Map<Long, Long> generatedBy = new LinkedHashMap<>();
        for (AuditDao.Chained e : AuditDao.chain(c)) {
            if (e.hash() == null || e.prev() == null) {
                out.add("audit entry #" + e.id() + " (" + e.action() + ") has no hash: it was added behind Seedframe's"
                        + " back");
                expectedPrev = e.hash() == null ? expectedPrev : e.hash();
                continue;
            }
            if (!e.prev().equals(expectedPrev)) {
                out.add("audit entry #" + e.id() + " (" + e.action() + ") does not follow the entry before it:"
                        + " entries were removed, inserted or reordered");
            }
            String again = RecordHasher.entry(e.prev(), e.id(), e.at(), e.actor(), e.action(), e.generationId(),
                    e.detail(), e.record());
            if (!again.equals(e.hash())) {
                out.add("audit entry #" + e.id() + " (" + e.action() + ") was edited after it was written");
            }
            expectedPrev = e.hash();
            if (e.generationId() != null && AuditEntry.DELETE.equals(e.action())) {
                deleted.add(e.generationId());
            } else if (e.generationId() != null && e.record() != null) {
                generatedBy.putIfAbsent(e.generationId(), e.id());
            }
        }
        for (Map.Entry<Long, Long> g : generatedBy.entrySet()) {
            if (!present.contains(g.getKey()) && !deleted.contains(g.getKey())) {
                out.add("generation #" + g.getKey() + " (recorded by audit entry #" + g.getValue() + ") was removed"
                        + " without a delete in the audit trail");
            }
        }
        return ProblemList.shown(out);
    }
}
