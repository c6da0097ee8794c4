package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.Png;
import dev.seedframe.service.SeedframePng;
import dev.seedframe.testing.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit finding 3 (issue 16): {@code verify} called a changed seed or a redirected output "the engine is not
 * deterministic here" and let an edited model hash pass as sound. Each kind of tampering is made here the way
 * a program editing the file would, and {@code verify} must name it, for the generation it concerns, instead
 * of replaying the edited record and blaming the engine.
 */
@Tag("e2e")
class TamperEvidenceCliTest {

    @TempDir
    static Path tmp;

    static Path original;

    @BeforeAll
    static void twoGenerations() {
        original = tmp.resolve("original.seedframe");
        for (int seed = 1; seed <= 2; seed++) {
            CliRunner.Result r = CliRunner.inProcess("generate", "--project", original.toString(), "--prompt",
                    "a lantern " + seed, "--seed", String.valueOf(seed), "--steps", "2", "--width", "16", "--height",
                    "16", "--out", tmp.resolve("g" + seed + ".png").toString());
            assertEquals(0, r.exit(), r.toString());
        }
    }

    private static Path edited(String name, String... sql) throws Exception {
        Path p = tmp.resolve(name + ".seedframe");
        Files.copy(original, p, StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + p); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.executeUpdate(q);
            }
        }
        return p;
    }

    private static String verify(Path project, int exit) {
        CliRunner.Result r = CliRunner.inProcess("verify", "--project", project.toString());
        assertEquals(exit, r.exit(), r.toString());
        return r.out();
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no line " + prefix + ")\n" + out);
    }

    @Test
    void anUntouchedProjectIsSoundAndReplaysIdentically() {
        String out = verify(original, 0);
        assertTrue(out.contains("project file: sound"), out);
        assertTrue(out.contains("all identical"), out);
    }

    @Test
    void aChangedSeedInTheStoredRequestIsNamedAsAChangedRequest() throws Exception {
        String out = verify(edited("request", "UPDATE generation SET request_json = replace(request_json, '\"seed\":1',"
                + " '\"seed\":7') WHERE id = 1"), 1);
        String one = line(out, "#1");
        assertTrue(one.contains("its request was changed after it was recorded"), out);
        assertTrue(one.contains("seed 7") && one.contains("not replayed"), out);
        assertFalse(one.contains("drifted") || one.contains("engine"), out);
        assertTrue(line(out, "#2").contains("identical"), out);
    }

    @Test
    void anOutputPointingToAnotherImageIsNamedAsRedirected() throws Exception {
        String out = verify(edited("output", "UPDATE generation SET output_sha256 = (SELECT output_sha256 FROM"
                + " generation WHERE id = 1) WHERE id = 2"), 1);
        assertTrue(line(out, "#2").contains("its output was redirected to another image"), out);
        assertFalse(line(out, "#2").contains("drifted"), out);
    }

    @Test
    void anEditedModelIdentityIsNamedEvenForOneCharacterOfItsHash() throws Exception {
        String out = verify(edited("model", "UPDATE generation SET model_sha256 = '0' || substr(model_sha256, 2)"
                + " WHERE id = 2"), 1);
        assertTrue(line(out, "#2").contains("its model identity was edited"), out);
        assertFalse(out.contains("project file: sound") && !out.contains("problem"), out);
    }

    @Test
    void anImageWhosePixelsAreNotTheRecordedOnesIsNamed() throws Exception {
        dev.seedframe.domain.RgbImage img = ImageFiles.read(tmp.resolve("g1.png")).image();
        byte[] px = img.rgb().clone();
        px[0] ^= (byte) 0xff;
        byte[] other = Png.encode(new dev.seedframe.domain.RgbImage(img.width(), img.height(), px), Map.of());
        Path p = edited("pixels");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + p);
                var ps = c.prepareStatement("UPDATE image SET png = ? WHERE sha256 = (SELECT output_sha256 FROM"
                        + " generation WHERE id = 1)")) {
            ps.setBytes(1, other);
            assertEquals(1, ps.executeUpdate());
        }
        String out = verify(p, 1);
        assertTrue(line(out, "#1").contains("its image is not the one recorded"), out);
    }

    @Test
    void anEditedAuditEntryBreaksTheChainAndIsNamed() throws Exception {
        String out = verify(edited("audit", "UPDATE audit SET actor = 'someone else' WHERE action = 'generate'"
                + " AND generation_id = 1"), 1);
        assertTrue(out.contains("(generate) was edited after it was written"), out);
    }

    @Test
    void aPngWhoseSeedframeDataWasChangedBeforeItsImportIsNamed() throws Exception {
        Path exported = tmp.resolve("exported.png");
        assertEquals(0, CliRunner.inProcess("export", "--project", original.toString(), "--generation", "1", "--out",
                exported.toString()).exit());
        ImageFiles.Decoded d = ImageFiles.read(exported);
        String json = d.text().get(SeedframePng.KEY);
        assertTrue(json.contains("\"seed\":1"), json);
        Path changed = tmp.resolve("changed.png");
        Files.write(changed, Png.encode(d.image(), Map.of(SeedframePng.KEY, json.replace("\"seed\":1", "\"seed\":9"))));
        Path project = tmp.resolve("imported.seedframe");
        CliRunner.Result imp = CliRunner.inProcess("import-png", "--project", project.toString(), changed.toString());
        assertEquals(0, imp.exit(), imp.toString());
        assertTrue(imp.err().contains("not as it was exported"), imp.toString());
        String out = verify(project, 1);
        assertTrue(line(out, "#1").contains("imported from a PNG whose Seedframe data had been changed after export"),
                out);
        // the same PNG untouched imports as intact
        Path clean = tmp.resolve("clean.seedframe");
        assertEquals(0, CliRunner.inProcess("import-png", "--project", clean.toString(), exported.toString()).exit());
        assertTrue(verify(clean, 0).contains("all identical"));
    }
}
