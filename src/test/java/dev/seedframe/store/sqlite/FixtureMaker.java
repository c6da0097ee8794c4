package dev.seedframe.store.sqlite;

import dev.seedframe.domain.Mask;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.Png;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Writes the fixture file of an earlier schema version: runs migrations V0001..V000N (the shipped,
 * never-edited scripts) on a new file, then inserts the {@link FixtureData} sample with that version's
 * own SQL, as the Seedframe of that version would have stored it. See {@code
 * src/test/resources/store/README.md}.
 *
 * <pre>
 * mvn -q test-compile
 * java -cp "target/classes:target/test-classes:$(cat target/runtime-classpath.txt)" \
 *     dev.seedframe.store.sqlite.FixtureMaker 1 src/test/resources/store/v1.seedframe
 * </pre>
 */
public final class FixtureMaker {

    private FixtureMaker() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: FixtureMaker <schema version> <new file>");
        }
        make(Integer.parseInt(args[0]), Path.of(args[1]));
    }

    static void make(int version, Path file) throws Exception {
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists");
        }
        try (Db db = Db.connect(file, java.time.Duration.ofSeconds(1), true)) {
            db.exec("PRAGMA auto_vacuum = INCREMENTAL");
            new Migrator(Migrator.load(Migrator.SCRIPTS.subList(0, version))).migrate(db, "");
            Connection c = db.connection();
            db.exec("BEGIN IMMEDIATE");
            switch (version) {
                case 1 -> schema1(c);
                case 2 -> schema2(c);
                case 3 -> schema3(c);
                case 4 -> schema4(c);
                case 5 -> schema5(c);
                case 6 -> schema6(c);
                case 7 -> schema7(c);
                default -> throw new IllegalArgumentException("no sample data for schema " + version);
            }
            db.exec("COMMIT");
            db.exec("VACUUM");
        }
    }

    // ------------------------------------------------------------------ schema 1

    private static void schema1(Connection c) throws SQLException {
        audit(c, "create", null, "schema 1");
        image(c, FixtureData.FIRST_OUTPUT);
        image(c, FixtureData.SECOND_OUTPUT);
        image(c, FixtureData.MASK);
        generation1(c, 1, null, "t2i", FixtureData.first().prompt(), 1234, 4, 2.5, firstJson(), FixtureData.FIRST_OUTPUT);
        audit(c, "generate", 1L, "t2i seed 1234, 8x6, 4 steps: " + FixtureData.first().prompt());
        generation1(c, 2, 1L, "inpaint", "a red door", 99, 4, 1.0, secondJson(), FixtureData.SECOND_OUTPUT);
        input(c, 2, "image", 0, FixtureData.FIRST_OUTPUT.sha256());
        input(c, 2, "mask", 0, FixtureData.MASK.sha256());
        audit(c, "generate", 2L, "inpaint seed 99, 8x6, 4 steps: a red door");
        audit(c, "export", 2L, "exported to door.png");
    }

    private static void generation1(Connection c, long id, Long parent, String kind, String prompt, long seed, int steps,
            double cfg, String requestJson, RgbImage output) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO generation (id, parent_id, created_at, author, kind, prompt, seed, steps, cfg, width, height,
                    request_json, model_sha256, model_json, seedframe_version, device, dtype, environment_json,
                    adjustments_json, text_encode_ms, denoise_ms, decode_ms, total_ms, output_sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 8, 6, ?, ?, ?, '0.1.0', 'cpu', 'float32', ?,
                    '["height 5 rounded to 6"]', 10, 20, 30, 60, ?)""")) {
            int i = 1;
            ps.setLong(i++, id);
            ps.setObject(i++, parent);
            ps.setString(i++, Db.timestamp(FixtureData.WHEN));
            ps.setString(i++, FixtureData.AUTHOR);
            ps.setString(i++, kind);
            ps.setString(i++, prompt);
            ps.setLong(i++, seed);
            ps.setInt(i++, steps);
            ps.setDouble(i++, cfg);
            ps.setString(i++, requestJson);
            ps.setString(i++, dev.seedframe.domain.Hashes.sha256Hex(FixtureData.MODEL_JSON));
            ps.setString(i++, FixtureData.MODEL_JSON);
            ps.setString(i++, FixtureData.ENVIRONMENT_JSON);
            ps.setString(i, output.sha256());
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ schema 2

    private static void schema2(Connection c) throws SQLException {
        schema1(c);
        image(c, FixtureData.THIRD_OUTPUT);
        generation1(c, 3, 2L, "img2img", "as an oil painting", 5, 4, 4.0, thirdJson(), FixtureData.THIRD_OUTPUT);
        input(c, 3, "image", 0, FixtureData.SECOND_OUTPUT.sha256());
        audit(c, "generate", 3L, "img2img seed 5, 8x6, 4 steps: as an oil painting");
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE generation SET starred = 1 WHERE id = 3");
            s.executeUpdate("INSERT INTO layer (position, generation_id, image_sha256, visible, opacity) VALUES (0, 1, '"
                    + FixtureData.FIRST_OUTPUT.sha256() + "', 1, 1.0)");
            s.executeUpdate("INSERT INTO layer (position, generation_id, image_sha256, visible, opacity) VALUES (1, 3, '"
                    + FixtureData.THIRD_OUTPUT.sha256() + "', 0, 0.5)");
        }
    }

    // ------------------------------------------------------------------ schema 6

    /**
     * Schema 5's sample, plus what schemas 5 and 6 can hold that it lacked: generation 2's inpaint as a region layer
     * of its own (pixels at {@link FixtureData#REGION_X},{@link FixtureData#REGION_Y} with a coverage mask),
     * generation 5 imported from a PNG file (kept byte for byte, with its {@code import} audit entry), and where
     * generation 4's model came from (a Hub snapshot). Made when V0007 (record hashes) was added, so that its data
     * step has every kind of row to hash.
     */
    private static void schema6(Connection c) throws SQLException {
        schema5(c);
        image(c, FixtureData.REGION);
        image(c, FixtureData.REGION_ALPHA);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO layer (position, generation_id, image_sha256,"
                + " visible, opacity, x, y, alpha_sha256) VALUES (2, 2, ?, 1, 1.0, ?, ?, ?)")) {
            ps.setString(1, FixtureData.REGION.sha256());
            ps.setInt(2, FixtureData.REGION_X);
            ps.setInt(3, FixtureData.REGION_Y);
            ps.setString(4, FixtureData.REGION_ALPHA.sha256());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO generation_model_source (generation_id, repo_id,"
                + " revision, commit_hash, folder) VALUES (4, ?, ?, ?, ?)")) {
            ps.setString(1, FixtureData.FOURTH_SOURCE.repoId());
            ps.setString(2, FixtureData.FOURTH_SOURCE.revision());
            ps.setString(3, FixtureData.FOURTH_SOURCE.commit());
            ps.setString(4, FixtureData.FOURTH_SOURCE.folder());
            ps.executeUpdate();
        }
        byte[] file = Png.encode(FixtureData.FIFTH_OUTPUT, Map.of());
        String fileHash = dev.seedframe.domain.Hashes.sha256Hex(file);
        image(c, FixtureData.FIFTH_OUTPUT);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO generation (id, parent_id, created_at, author, kind, prompt, seed, steps, cfg, width, height,
                    request_json, model_sha256, model_json, seedframe_version, device, dtype, environment_json,
                    adjustments_json, text_encode_ms, denoise_ms, decode_ms, total_ms, output_sha256, starred,
                    cache_key)
                VALUES (5, NULL, ?, ?, 'import', '', 0, 50, 4.0, 8, 6, ?, ?, ?, '0.1.0', 'none', 'none', ?, ?,
                    0, 0, 0, 0, ?, 0, NULL)""")) {
            int i = 1;
            ps.setString(i++, Db.timestamp(FixtureData.WHEN));
            ps.setString(i++, FixtureData.AUTHOR);
            ps.setString(i++, IMPORT_REQUEST_JSON);
            ps.setString(i++, dev.seedframe.domain.Hashes.sha256Hex(IMPORT_MODEL_JSON));
            ps.setString(i++, IMPORT_MODEL_JSON);
            ps.setString(i++, IMPORT_ENVIRONMENT_JSON);
            ps.setString(i++, "[{\"args\":[\"" + FixtureData.FIFTH_FILE_NAME + "\",\"png\",\"" + file.length
                    + "\"],\"code\":\"IMPORTED_FILE\"}]");
            ps.setString(i, FixtureData.FIFTH_OUTPUT.sha256());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO imported_file (generation_id, name, size, file_hash,"
                + " format, bytes, alpha_sha256) VALUES (5, ?, ?, ?, 'png', ?, NULL)")) {
            ps.setString(1, FixtureData.FIFTH_FILE_NAME);
            ps.setLong(2, file.length);
            ps.setString(3, fileHash);
            ps.setBytes(4, file);
            ps.executeUpdate();
        }
        audit(c, "import", 5L, "imported " + FixtureData.FIFTH_FILE_NAME + " (png, " + file.length + " bytes, SHA-256 "
                + fileHash + ")");
    }

    /**
     * Schema 7: all of schema 6 as a schema-7 Seedframe holds it: every record hashed and every audit entry chained
     * (what V0007's data step gives a file it upgrades, and what recording gives a new one); no signature.
     */
    private static void schema7(Connection c) throws SQLException {
        schema6(c);
        RecordHasher.backfill(c);
    }

    /** An imported picture's request as schema 6 recorded it: its size and the builder's defaults. */
    private static final String IMPORT_REQUEST_JSON = "{\"cfg\":4.0,\"featherPx\":8,\"height\":6,\"images\":[],"
            + "\"kind\":\"import\",\"mask\":null,\"maxSequenceLength\":512,\"negativePrompt\":null,\"outpaint\":null,"
            + "\"prompt\":\"\",\"raw\":false,\"seed\":0,\"steps\":50,\"strength\":0.6,\"v\":1,\"width\":8}";
    private static final String IMPORT_MODEL_JSON = "{\"components\":[],\"displayName\":\"imported file\","
            + "\"pipelineClass\":\"none\",\"v\":1}";
    private static final String IMPORT_ENVIRONMENT_JSON = "{\"attention\":\"none\",\"cfgBatching\":\"none\","
            + "\"device\":\"none\",\"djlVersion\":\"none\",\"dtype\":\"none\",\"memoryMode\":\"none\","
            + "\"noiseSource\":\"none\",\"platform\":\"Linux amd64\",\"seedframeVersion\":\"0.1.0\","
            + "\"torchVersion\":\"none\",\"v\":1}";

    // ------------------------------------------------------------------ schema 5

    /**
     * Schema 4's sample as schema 5 holds it: its layers gained a position (0,0) and no alpha, as the migration
     * leaves whole-image layers; no picture imported.
     */
    private static void schema5(Connection c) throws SQLException {
        schema4(c);
    }

    // ------------------------------------------------------------------ schema 4

    /**
     * Schema 3's sample as schema 4 holds it: no table changed, every note recorded as a code plus arguments (the
     * data step of {@code V0004__notes_as_codes}, which is how a schema-4 Seedframe wrote them).
     */
    private static void schema4(Connection c) throws SQLException {
        schema3(c);
        NotesAsCodes.apply(c);
    }

    // ------------------------------------------------------------------ schema 3

    /** The notes of generation 4, in English, as the last release before schema 4 recorded them. */
    static final String FOURTH_NOTES = "[\"True CFG is off: a CFG scale of 4.0 needs a negative prompt (\\\" \\\" is"
            + " enough), as in diffusers.\",\"The prompt is 600 tokens long; the last 88 were cut (max sequence length"
            + " 512).\",\"Input image 2 (for the vision-language encoder) was resized from 1920×1080 to 504×280"
            + " (Lanczos): the edit model conditions on about 384×384 pixels at the image's aspect ratio, as the"
            + " reference pipeline does\"]";

    /**
     * Schema 2's sample, generation 3 filed in the cache under {@link FixtureData#THIRD_CACHE_KEY}, and generation 4
     * with the notes of the last release before schema 4 ({@link #FOURTH_NOTES}).
     */
    private static void schema3(Connection c) throws SQLException {
        schema2(c);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE generation SET cache_key = '" + FixtureData.THIRD_CACHE_KEY + "' WHERE id = 3");
        }
        image(c, FixtureData.FOURTH_OUTPUT);
        generation1(c, 4, null, "t2i", FixtureData.first().prompt(), 1234, 4, 2.5, firstJson(),
                FixtureData.FOURTH_OUTPUT);
        audit(c, "generate", 4L, "t2i seed 1234, 8x6, 4 steps: " + FixtureData.first().prompt());
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE generation SET adjustments_json = ?, cache_key = ? WHERE id = 4")) {
            ps.setString(1, FOURTH_NOTES);
            ps.setString(2, FixtureData.FOURTH_CACHE_KEY);
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ request JSON, format 1, as written then

    private static String firstJson() {
        return "{\"cfg\":2.5,\"featherPx\":8,\"height\":6,\"images\":[],\"kind\":\"t2i\",\"mask\":null,"
                + "\"maxSequenceLength\":512,\"negativePrompt\":\"fog\",\"outpaint\":null,"
                + "\"prompt\":\"a lighthouse at dusk, 灯塔\",\"raw\":false,\"seed\":1234,\"steps\":4,\"strength\":0.6,"
                + "\"v\":1,\"width\":8}";
    }

    private static String secondJson() {
        return "{\"cfg\":1.0,\"featherPx\":2,\"height\":6,\"images\":[\"" + FixtureData.FIRST_OUTPUT.sha256() + "\"],"
                + "\"kind\":\"inpaint\",\"mask\":\"" + FixtureData.MASK.sha256() + "\",\"maxSequenceLength\":512,"
                + "\"negativePrompt\":null,\"outpaint\":null,\"prompt\":\"a red door\",\"raw\":false,\"seed\":99,"
                + "\"steps\":4,\"strength\":0.8,\"v\":1,\"width\":8}";
    }

    private static String thirdJson() {
        return "{\"cfg\":4.0,\"featherPx\":8,\"height\":6,\"images\":[\"" + FixtureData.SECOND_OUTPUT.sha256() + "\"],"
                + "\"kind\":\"img2img\",\"mask\":null,\"maxSequenceLength\":512,\"negativePrompt\":null,"
                + "\"outpaint\":null,\"prompt\":\"as an oil painting\",\"raw\":false,\"seed\":5,\"steps\":4,"
                + "\"strength\":0.5,\"v\":1,\"width\":8}";
    }

    // ------------------------------------------------------------------ rows shared by every schema so far

    private static void image(Connection c, RgbImage img) throws SQLException {
        ImageDao.insert(c, img.sha256(), "rgb", img.width(), img.height(), Png.encode(img, Map.of()), FixtureData.WHEN);
    }

    private static void image(Connection c, Mask m) throws SQLException {
        ImageDao.insert(c, m.sha256(), "mask", m.width(), m.height(), Png.encode(m, Map.of()), FixtureData.WHEN);
    }

    private static void input(Connection c, long generation, String role, int position, String sha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO generation_input (generation_id, role, position, image_sha256) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, generation);
            ps.setString(2, role);
            ps.setInt(3, position);
            ps.setString(4, sha);
            ps.executeUpdate();
        }
    }

    private static void audit(Connection c, String action, Long generation, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit (at, actor, action, generation_id, detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, Db.timestamp(FixtureData.WHEN));
            ps.setString(2, FixtureData.AUTHOR);
            ps.setString(3, action);
            ps.setObject(4, generation);
            ps.setString(5, detail);
            ps.executeUpdate();
        }
    }
}
