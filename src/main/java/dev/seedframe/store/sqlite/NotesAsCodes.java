package dev.seedframe.store.sqlite;

import dev.seedframe.domain.codec.InvalidJsonException;
import dev.seedframe.domain.codec.RequestJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data step of {@code V0004__notes_as_codes.sql}: every generation's notes, recorded in English by schema 3
 * and earlier, rewritten as codes with their arguments ({@link dev.seedframe.domain.codec.LegacyNotes} recognises
 * each sentence). A row whose notes cannot be read at all is left as it is, for {@code verify} to name.
 */
final class NotesAsCodes {

    private NotesAsCodes() {}

    static void apply(Connection c) throws SQLException {
        Map<Long, String> rewritten = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, adjustments_json FROM generation");
                ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                String json = r.getString(2);
                try {
                    String coded = RequestJson.writeNotes(RequestJson.readNotes(json));
                    if (!coded.equals(json)) {
                        rewritten.put(r.getLong(1), coded);
                    }
                } catch (InvalidJsonException e) {
                    // damaged: left for verify to report
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE generation SET adjustments_json = ? WHERE id = ?")) {
            for (Map.Entry<Long, String> e : rewritten.entrySet()) {
                ps.setString(1, e.getValue());
                ps.setLong(2, e.getKey());
                ps.executeUpdate();
            }
        }
    }
}
