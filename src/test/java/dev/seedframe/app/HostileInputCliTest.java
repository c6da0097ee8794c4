package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.Png;
import dev.seedframe.service.SeedframePng;
import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.SeedframePngs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit findings 4, 5 and 6 (issue 16) through the real command line: what someone else's file or a hostile
 * argument can make Seedframe print or record.
 */
@Tag("e2e")
class HostileInputCliTest {

    @TempDir
    Path tmp;

    private static RgbImage image() {
        byte[] px = new byte[16 * 16 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7);
        }
        return new RgbImage(16, 16, px);
    }

    private static GenerationRequest.Builder request() {
        return GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("a kite").seed(3).steps(2).size(16, 16);
    }

    private Path png(String name, GenerationRequest r) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, SeedframePngs.encode(image(), r, new ModelIdentity("tiny", "t2:abc", List.of()),
                new EngineEnvironment("0.1", "0.35.1", "2.7.1", "cpu", "float32", "torch-cpu", "sdpa", "linux")));
        return p;
    }

    /** Bytes a terminal acts on: escape sequences, other controls, bidi overrides. */
    private static void assertTerminalSafe(String printed) {
        for (int i = 0; i < printed.length(); i++) {
            char c = printed.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
            boolean bidi = c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069);
            assertFalse(control || bidi, String.format("U+%04X reached the terminal in: %s", (int) c, printed));
        }
    }

    @Test
    void storedPromptsReachTheTerminalEscapedInHistoryImportAndVerify() throws Exception {
        String hostile = "a kite\u001b]0;pwned\u0007\u001b[2J\r\u202eevil\u0085end";
        Path in = png("hostile.png", request().prompt(hostile).build());
        Path project = tmp.resolve("p.seedframe");
        CliRunner.Result imp = CliRunner.inProcess("import-png", "--project", project.toString(), in.toString());
        assertEquals(0, imp.exit(), imp.toString());
        CliRunner.Result history = CliRunner.inProcess("history", "--project", project.toString());
        assertEquals(0, history.exit(), history.toString());
        for (CliRunner.Result r : List.of(imp, history)) {
            assertTerminalSafe(r.out());
            assertTerminalSafe(r.err());
        }
        assertTrue(history.out().contains("a kite\\x1b]0;pwned"), history.out());
        assertTrue(history.out().contains("\\u202eevil"), history.out());
    }

    @Test
    void importPngHoldsARequestToTheLimitsGenerateDoesAndLeavesNoEmptyProject() throws Exception {
        Map<String, GenerationRequest> bad = Map.of(
                "steps", request().steps(100000).build(),
                "width", request().size(100000, 16).build(),
                "CFG scale", request().cfg(1e308).build());
        for (Map.Entry<String, GenerationRequest> e : bad.entrySet()) {
            Path project = tmp.resolve(e.getKey().replace(' ', '-') + ".seedframe");
            CliRunner.Result r = CliRunner.inProcess("import-png", "--project", project.toString(),
                    png(e.getKey() + ".png", e.getValue()).toString());
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains(e.getKey()), r.toString());
            assertFalse(Files.exists(project), "no empty project left behind: " + project);
        }
        // steps −1: the PNG's own JSON is edited, as a hostile file would be
        Path edited = tmp.resolve("minus.png");
        byte[] good = Files.readAllBytes(png("good.png", request().build()));
        String json = dev.seedframe.imaging.ImageFiles.decode(good, "good.png").text().get(SeedframePng.KEY);
        byte[] bytes = Png.encode(image(), Map.of(SeedframePng.KEY, json.replace("\"steps\":2", "\"steps\":-1")));
        Files.write(edited, bytes);
        Path project = tmp.resolve("minus.seedframe");
        CliRunner.Result r = CliRunner.inProcess("import-png", "--project", project.toString(), edited.toString());
        assertEquals(2, r.exit(), r.toString());
        assertFalse(Files.exists(project));
    }

    @Test
    void anAbsurdCfgIsRefusedAsInputNotBlamedOnTheWeights() throws Exception {
        for (String cfg : new String[] {"1e308", "NaN", "Infinity", "-1"}) {
            CliRunner.Result r = CliRunner.inProcess("generate", "--prompt", "x", "--seed", "1", "--steps", "2",
                    "--width", "16", "--height", "16", "--cfg", cfg, "--negative-prompt", " ", "--out",
                    tmp.resolve("c.png").toString());
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("CFG scale"), r.toString());
            assertFalse(r.err().toLowerCase(java.util.Locale.ROOT).contains("weights"), r.toString());
        }
    }

    @Test
    void malformedRequestJsonGetsSeedframesWordsNotTheLibrarysClassOrWebPage() throws Exception {
        Path p = tmp.resolve("broken.png");
        Files.write(p, Png.encode(image(), Map.of(SeedframePng.KEY, "{\"v\":1,\"request\":{\"kind\":\"t2i\",,}")));
        CliRunner.Result r = CliRunner.inProcess("import-png", "--project", tmp.resolve("q.seedframe").toString(),
                p.toString());
        assertEquals(2, r.exit(), r.toString());
        assertNoLibraryWords(r.err());
        // a project whose stored request was damaged
        Path project = tmp.resolve("r.seedframe");
        assertEquals(0, CliRunner.inProcess("import-png", "--project", project.toString(),
                png("ok.png", request().build()).toString()).exit());
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + project);
                var st = c.createStatement()) {
            st.executeUpdate("UPDATE generation SET request_json = '{\"v\":1,\"kind\":\"t2i\",,,}'");
        }
        CliRunner.Result ex = CliRunner.inProcess("export", "--project", project.toString(), "--generation", "1",
                "--out", tmp.resolve("e.png").toString());
        assertEquals(1, ex.exit(), ex.toString());
        assertTrue(ex.err().contains("line 1"), ex.toString());
        assertNoLibraryWords(ex.err());
    }

    private static void assertNoLibraryWords(String err) {
        assertFalse(err.contains("http") || err.contains("gson") || err.contains("Exception")
                || err.contains("Troubleshooting"), err);
    }

    @Test
    void invalidUtf8InAPromptArgumentIsRefusedNotSilentlyReplaced() throws Exception {
        // the shell hands the JVM the byte 0xff inside the prompt; Java would turn it into U+FFFD
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                "exec \"$0\" -Dseedframe.repo=\"$1\" -Dseedframe.home=\"$2\" -cp \"$3\" dev.seedframe.app.Main generate"
                        + " --prompt \"$(printf 'a\\377b')\" --seed 1 --steps 2 --width 16 --height 16 --out \"$4\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), Golden.repo().toString(),
                System.getProperty("seedframe.home"), CliRunner.runtimeClasspath(), tmp.resolve("u.png").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS));
        assertEquals(2, proc.exitValue(), out);
        assertTrue(out.contains("not valid UTF-8") || out.contains("U+FFFD"), out);
        assertFalse(Files.exists(tmp.resolve("u.png")), "nothing generated from a damaged prompt");
    }
}
