package dev.seedframe.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seedframe.testing.Golden;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Builds the Linux app image and {@code .deb} with {@code packaging/Packager.java} (jlink + jpackage, as a
 * release does, with light compression), unpacks the {@code .deb} into a scratch folder with {@code dpkg -x}, and
 * uses what a user would get: the desktop entry and MIME registration are read, the packaged CLI generates on the
 * embedded model in an empty home (so libtorch comes from the package, offline), and the packaged studio is
 * started under Xvfb exactly as the desktop entry's {@code Exec} line says for a double-clicked project; a
 * second double-click hands its project to that window; a screenshot is kept in
 * {@code target/packaging-test/studio.png}. Last, the {@code .deb} is installed with apt on a clean Debian 12 and used
 * there ({@code packaging/linux/clean-install-check.sh}).
 *
 * <p>Needs Linux x86-64 with {@code fakeroot}, {@code dpkg-deb}, {@code Xvfb} and ImageMagick's {@code import}
 * ({@code .ci/run} installs them); elsewhere it is skipped, and on CI ({@code CI=true}) a missing tool fails it.
 */
@Tag("packaging")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinuxPackageTest {

    private static final Path WORK = Path.of(System.getProperty("seedframe.classes", "target/classes"))
            .getParent().resolve("packaging-test");
    private static final Path SCRATCH = WORK.resolve("scratch");
    private static final Path INSTALLED = SCRATCH.resolve("root");
    private static final Path APP = INSTALLED.resolve("opt/seedframe");
    private static Path deb;

    @BeforeAll
    static void buildAndUnpack() throws Exception {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "the .deb is built on Linux x86-64 only");
        requireTools(List.of("fakeroot", "dpkg-deb", "dpkg", "Xvfb", "import"), "fakeroot xvfb imagemagick");
        deleteTree(WORK);
        Files.createDirectories(SCRATCH);
        List<String> cmd = List.of(java(), Golden.repo().resolve("packaging/Packager.java").toString(),
                "--repo", Golden.repo().toString(), "--platform", "linux-x86_64",
                "--classes", System.getProperty("seedframe.classes"),
                "--classpath-file", System.getProperty("seedframe.runtimeClasspath"),
                "--out", WORK.resolve("installer").toString());
        Run r = run(cmd, Map.of("DPKG_DEB_COMPRESSOR_TYPE", "gzip", "DPKG_DEB_COMPRESSOR_LEVEL", "1"), 600);
        assertEquals(0, r.exit, "Packager failed:\n" + r.out);
        try (var s = Files.list(WORK.resolve("installer"))) {
            deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no .deb in " + r.out));
        }
        assertTrue(Files.isDirectory(WORK.resolve("installer/image/Seedframe/bin")), "the app image");
        Run x = run(List.of("dpkg", "-x", deb.toString(), INSTALLED.toString()), Map.of(), 120);
        assertEquals(0, x.exit, x.out);
    }

    @Test
    @Order(1)
    void theDebDescribesTheSeedframePackageAndPutsTheCommandOnThePath() throws Exception {
        Run f = run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Depends", "Section"), Map.of(), 60);
        assertTrue(f.out.contains("Package: seedframe"), f.out);
        assertTrue(f.out.contains("libgtk-3-0"), "JavaFX needs GTK 3: " + f.out);
        Path control = SCRATCH.resolve("control");
        assertEquals(0, run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()), Map.of(), 60).exit);
        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("ln -sf /opt/seedframe/bin/seedframe /usr/bin/seedframe"), postinst);
        assertTrue(postinst.contains("xdg-mime install /opt/seedframe/lib/seedframe-Seedframe-MimeInfo.xml"), postinst);
        assertTrue(postinst.contains("xdg-desktop-menu install /opt/seedframe/lib/seedframe-Seedframe.desktop"),
                postinst);
        // a machine without a desktop menu folder still installs (xdg-desktop-menu exits 3 there)
        assertTrue(postinst.contains("if ! desktop_install; then"), postinst);
        assertTrue(Files.readString(control.resolve("prerm")).contains("rm -f /usr/bin/seedframe"));
        assertTrue(Files.readString(control.resolve("prerm")).contains("desktop_uninstall || true"));
        // a jlink'ed runtime, no JDK: java is there, javac is not
        assertTrue(Files.isRegularFile(APP.resolve("lib/runtime/lib/modules")));
        assertFalse(Files.exists(APP.resolve("lib/runtime/bin/javac")));
        assertTrue(Files.isExecutable(APP.resolve("bin/Seedframe")));
        assertTrue(Files.isExecutable(APP.resolve("bin/seedframe")));
        assertTrue(Files.isRegularFile(APP.resolve("lib/app/models/qwen-image-tiny/model_index.json")));
        // the edit model's components (links in the checkout) arrive as files
        assertTrue(Files.isRegularFile(APP.resolve("lib/app/models/qwen-image-edit-tiny/transformer/config.json")));
        assertEquals(Files.size(Golden.repo().resolve("models/qwen-image-tiny/vae/diffusion_pytorch_model.safetensors")),
                Files.size(APP.resolve("lib/app/models/qwen-image-edit-tiny/vae/diffusion_pytorch_model.safetensors")));
    }

    @Test
    @Order(2)
    void theDesktopEntryOpensProjectFilesAndTheMimeTypeNamesThem() throws Exception {
        String desktop = Files.readString(APP.resolve("lib/seedframe-Seedframe.desktop"));
        assertTrue(desktop.lines().anyMatch(l -> l.equals("Exec=/opt/seedframe/bin/Seedframe %f")), desktop);
        assertTrue(desktop.lines().anyMatch(l -> l.equals("MimeType=application/x-seedframe;")), desktop);
        assertTrue(desktop.contains("Icon=/opt/seedframe/lib/Seedframe.png"), desktop);
        String cli = Files.readString(APP.resolve("lib/seedframe-seedframe.desktop"));
        assertTrue(cli.contains("NoDisplay=true"), "the command line has no menu entry of its own: " + cli);
        String mime = Files.readString(APP.resolve("lib/seedframe-Seedframe-MimeInfo.xml"));
        assertTrue(mime.contains("<mime-type type=\"application/x-seedframe\">"), mime);
        assertTrue(mime.contains("<glob pattern=\"*.seedframe\">"), mime);
        BufferedImage fileIcon = ImageIO.read(APP.resolve("lib/application-x-seedframe.png").toFile());
        assertEquals(128, fileIcon.getWidth(), "installed by postinst as the 128 px MIME icon");
    }

    @Test
    @Order(3)
    void thePackagedCommandLineGeneratesOnTheEmbeddedModelOffline() throws Exception {
        Path home = Files.createDirectories(SCRATCH.resolve("home"));
        Path out = SCRATCH.resolve("first.png");
        Run r = run(List.of(APP.resolve("bin/seedframe").toString(), "generate", "--prompt", "a red circle 红色的圆",
                "--seed", "7", "--steps", "2", "--width", "64", "--height", "64", "--project",
                SCRATCH.resolve("first.seedframe").toString(), "--out", out.toString()), userEnv(home), 300);
        assertEquals(0, r.exit, r.out);
        assertTrue(r.out.contains("recorded generation #1"), r.out);
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(64, img.getWidth());
        // libtorch came from the package itself, unpacked into this empty home's cache
        try (var s = Files.walk(home.resolve("cache/seedframe/djl"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("libtorch_cpu")), "libtorch unpacked");
        }
        Run second = run(List.of(APP.resolve("bin/seedframe").toString(), "generate", "--prompt", "a blue square",
                "--seed", "8", "--steps", "2", "--width", "64", "--height", "64", "--project",
                SCRATCH.resolve("second.seedframe").toString(), "--out", SCRATCH.resolve("second.png").toString()),
                userEnv(home), 300);
        assertEquals(0, second.exit, second.out);
    }

    @Test
    @Order(4)
    void thePackagedStudioOpensADoubleClickedProjectUnderXvfbAndTakesTheNextOne() throws Exception {
        Path home = SCRATCH.resolve("home");
        Path first = SCRATCH.resolve("first.seedframe");
        Path second = SCRATCH.resolve("second.seedframe");
        assumeTrue(Files.exists(first), "made by the CLI test");
        String exec = Files.readString(APP.resolve("lib/seedframe-Seedframe.desktop")).lines()
                .filter(l -> l.startsWith("Exec=")).findFirst().orElseThrow().substring(5)
                .replace("/opt/seedframe", APP.toString());
        Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1440x900x24", "-nolisten",
                "tcp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Process studio = null;
        try {
            // Xvfb picks a free display and writes its number as one line
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(xvfb.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(line != null && !line.isBlank(), "Xvfb did not start");
            String display = ":" + line.strip();
            Map<String, String> env = new java.util.HashMap<>(userEnv(home));
            env.put("DISPLAY", display);
            // as a file manager runs the entry for a double-clicked file: %f is the file
            ProcessBuilder pb = new ProcessBuilder(List.of(exec.replace("%f", first.toString()).split(" ")))
                    .redirectErrorStream(true).redirectOutput(SCRATCH.resolve("studio.log").toFile())
                    .directory(SCRATCH.toFile());
            environment(pb, env);
            studio = pb.start();
            Path recent = home.resolve("config/seedframe/recent-projects.txt");
            awaitFirstLine(recent, first, studio);
            Path shot = WORK.resolve("studio.png");
            awaitScreenshot(display, shot, studio);
            ProcessBuilder pb2 = new ProcessBuilder(List.of(exec.replace("%f", second.toString()).split(" ")))
                    .redirectErrorStream(true);
            environment(pb2, env);
            Process again = pb2.start();
            assertTrue(again.waitFor(60, TimeUnit.SECONDS), "a second double-click must not open another window");
            String said = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(said.contains("in the studio that is already running"), said);
            awaitFirstLine(recent, second, studio);
            Thread.sleep(1500);
            screenshot(display, WORK.resolve("studio-second.png"));
            assertTrue(studio.isAlive(), "the studio keeps running: " + Files.readString(SCRATCH.resolve("studio.log")));
        } finally {
            if (studio != null) {
                studio.destroy();
                if (!studio.waitFor(20, TimeUnit.SECONDS)) {
                    studio.destroyForcibly();
                }
            }
            xvfb.destroy();
            xvfb.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The environment of the processes started here: {@code env} over this JVM's, without the test run's DJL
     * settings (so the packaged application finds its own way, as on a user's machine).
     */
    private static void environment(ProcessBuilder pb, Map<String, String> env) {
        pb.environment().keySet().removeAll(List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "DJL_OFFLINE"));
        pb.environment().putAll(env);
    }

    /** The environment of a user whose home is {@code home}: config, data and cache all inside it. */
    private static Map<String, String> userEnv(Path home) {
        return Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_CACHE_HOME", home.resolve("cache").toString(), "XDG_DATA_HOME", home.resolve("data").toString());
    }

    private static void awaitFirstLine(Path recent, Path expected, Process studio) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(recent) && Files.readString(recent).lines().findFirst().orElse("")
                    .equals(expected.toAbsolutePath().normalize().toString())) {
                return;
            }
            assertTrue(studio.isAlive(), () -> "the studio ended: " + log());
            Thread.sleep(200);
        }
        throw new AssertionError("the studio did not open " + expected + ": " + log());
    }

    /**
     * The built {@code .deb} on a clean Debian 12, as a designer installs it:
     * {@code packaging/linux/clean-install-check.sh} debootstraps a minimal bookworm, installs the package with apt
     * (which pulls its Depends), uses it there as an ordinary user (the command line, the studio under Xvfb,
     * {@code xdg-open} of a project on a desktop's menu and MIME tools) and removes it. Needs root, mount namespaces and
     * Debian's mirror; skipped where the machine allows no chroot, and on CI a missing tool fails it.
     */
    @Test
    @Order(5)
    void theDebInstallsWithAptOnACleanDebianAndWorksThereForAnOrdinaryUser() throws Exception {
        assumeTrue(run(List.of("id", "-u"), Map.of(), 10).out.strip().equals("0"), "a chroot needs root");
        requireTools(List.of("debootstrap", "unshare", "identify", "xwininfo"), "debootstrap x11-utils");
        Path work = WORK.resolve("clean-install");
        Run r = run(List.of("bash", Golden.repo().resolve("packaging/linux/clean-install-check.sh").toString(),
                deb.toString(), work.toString()), Map.of(), 900);
        assumeTrue(r.exit != 2, () -> "this machine cannot run the clean install check: " + r.out);
        assertEquals(0, r.exit, r.out + "\n(its full log: " + work.resolve("check.log") + ")");
        assertTrue(Files.readString(work.resolve("check.log")).contains("clean install check passed"));
        assertEquals(128, ImageIO.read(work.resolve("circle.png").toFile()).getWidth(), "the demo model's picture");
        BufferedImage studio = ImageIO.read(work.resolve("studio.png").toFile());
        assertTrue(colours(studio) > 200, "the studio's window on the clean system shows its project");
    }

    /** Waits until the screen shows a window with some detail (not one flat colour), and keeps that picture. */
    private static void awaitScreenshot(String display, Path shot, Process studio) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int colours = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            screenshot(display, shot);
            BufferedImage img = ImageIO.read(shot.toFile());
            colours = colours(img);
            if (colours > 200) {
                Thread.sleep(1500); // let the thumbnails and the image settle, then the picture to keep
                screenshot(display, shot);
                return;
            }
            assertTrue(studio.isAlive(), () -> "the studio ended: " + log());
        }
        throw new AssertionError("the screen stayed (nearly) empty: " + colours + " colours; " + log());
    }

    private static void screenshot(String display, Path shot) throws Exception {
        Run r = run(List.of("import", "-display", display, "-window", "root", shot.toString()), Map.of(), 60);
        assertEquals(0, r.exit, r.out);
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static String log() {
        try {
            return Files.readString(SCRATCH.resolve("studio.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private record Run(int exit, String out) {}

    private static Run run(List<String> cmd, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(SCRATCH.toFile());
        environment(pb, env);
        Path log = Files.createTempFile(SCRATCH, "run", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // a script's children too
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s: "
                    + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Skips the calling test where one of {@code tools} is not installed (failing it on CI, where {@code .ci/run}
     * installs the Debian {@code packages} that bring them).
     */
    private static void requireTools(List<String> tools, String packages) {
        List<String> missing = tools.stream().filter(t -> !onPath(t)).toList();
        if (!missing.isEmpty()) {
            String msg = "missing " + missing + ": apt-get install " + packages + " (as .ci/run does)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg);
            }
            assumeTrue(false, msg);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
