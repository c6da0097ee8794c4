package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.service.Preferences;
import dev.seedframe.service.PreferencesStore;
import dev.seedframe.service.Project;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The content filter through the real command line and project file: with it switched on in the preferences, a
 * prompt holding a listed English or Chinese term is refused before the model runs (exit 2, a plain message,
 * nothing written or recorded) and the refusal is in the project's audit trail; other prompts generate as
 * always, and replaying a recorded generation is not checked.
 */
@Tag("e2e")
class ContentFilterCliTest {

    @TempDir
    static Path home;

    static AppContext ctx;

    @BeforeAll
    static void contextWithItsOwnUserFolder() throws Exception {
        String before = System.getProperty("seedframe.home");
        System.setProperty("seedframe.home", home.toString());
        try {
            ctx = new AppContext(); // its preferences and policy are read from this folder
        } finally {
            System.setProperty("seedframe.home", before);
        }
    }

    @AfterAll
    static void close() {
        ctx.close();
    }

    record Result(int exit, String out, String err) {}

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(ctx);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    static Result generate(Path project, String prompt, Path png) {
        return cli("generate", "--project", project.toString(), "--prompt", prompt, "--seed", "5", "--steps", "2",
                "--width", "32", "--height", "32", "--out", png.toString());
    }

    static void filter(boolean on) throws Exception {
        new PreferencesStore(home).save(Preferences.defaults().withContentFilter(on, false,
                List.of("red circle"), List.of("红色的圆")));
    }

    @Test
    void listedTermsAreRefusedAndAuditedWhileOtherPromptsGenerate() throws Exception {
        Path project = home.resolve("filtered.seedframe");
        filter(false);
        Result off = generate(project, "a red circle", home.resolve("off.png"));
        assertEquals(0, off.exit(), off.toString());
        assertTrue(off.out().contains("recorded generation #1"), off.out());

        filter(true);
        Path png = home.resolve("refused.png");
        Result en = generate(project, "A Red  Circle on grey", png);
        assertEquals(Cli.EXIT_USAGE, en.exit(), en.toString());
        assertTrue(en.err().startsWith("error: The prompt was refused by the content filter: it contains"
                + " \"red circle\" (your English list). Nothing was generated; change the prompt."), en.err());
        assertFalse(en.err().contains("step "), "the model must not run: " + en.err());
        assertFalse(Files.exists(png));
        Result zh = generate(project, "一个红色的 圆，灰色背景", png);
        assertEquals(Cli.EXIT_USAGE, zh.exit(), zh.toString());
        assertTrue(zh.err().contains("\"红色的圆\" (your Chinese list)"), zh.err());
        // without a project there is no audit trail, and still no image
        Result bare = cli("generate", "--prompt", "red circle", "--seed", "5", "--steps", "2", "--width", "32",
                "--height", "32", "--out", png.toString());
        assertEquals(Cli.EXIT_USAGE, bare.exit(), bare.toString());
        assertFalse(Files.exists(png));
        // an identical request, once recorded, is not served from the cache past the filter either
        Result cached = generate(project, "a red circle", home.resolve("cached.png"));
        assertEquals(Cli.EXIT_USAGE, cached.exit(), cached.toString());

        Result ok = generate(project, "a blue square, 蓝色的方块", home.resolve("ok.png"));
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("recorded generation #2"), ok.out());
        Result replay = cli("replay", "--project", project.toString(), "--generation", "1", "--verify");
        assertEquals(0, replay.exit(), "a recorded generation replays: " + replay);

        try (Project p = ctx.projects().open(project)) {
            assertEquals(2, p.history().size(), "nothing refused was recorded");
            List<AuditEntry> refused = p.auditTrail().stream().filter(a -> a.action().equals(AuditEntry.REFUSED))
                    .toList();
            assertEquals(3, refused.size(), p.auditTrail().toString());
            assertEquals("content filter: \"red circle\" (your English list); prompt: A Red  Circle on grey",
                    refused.get(0).detail());
            assertEquals("content filter: \"红色的圆\" (your Chinese list); prompt: 一个红色的 圆，灰色背景",
                    refused.get(1).detail());
            assertEquals(null, refused.get(0).generationId());
            assertEquals(System.getProperty("user.name"), refused.get(0).actor());
        }
    }
}
