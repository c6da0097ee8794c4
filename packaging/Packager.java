import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.spi.ToolProvider;

/**
 * Builds Seedframe's installers with the JDK's own jlink and jpackage: the app image (a jlink'ed runtime, the
 * application's jars, the embedded models, the studio launcher and the command-line launcher), then the
 * platform's package from it: {@code .deb} on Linux, {@code .msi} on Windows (needs WiX 3), {@code .dmg} on
 * macOS. jpackage builds only for the OS it runs on, so each installer is made on its own OS.
 *
 * <pre>
 * java packaging/Packager.java --platform linux-x86_64 --classes target/classes \
 *     --classpath-file target/runtime-classpath.txt --out target/installer [--type deb] [--version 0.1.0]
 * </pre>
 *
 * Maven runs it as {@code mvn -P installer package} (see the README's Install section). {@code --type app-image}
 * stops after the app image. The {@code .deb} is compressed with gzip unless {@code DPKG_DEB_COMPRESSOR_TYPE} says
 * otherwise (the jars inside are compressed already; xz takes many minutes on two cores).
 */
public final class Packager {

    static final String NAME = "Seedframe";
    static final String VENDOR = "Seedframe";
    static final String MAIN_CLASS = "dev.seedframe.app.Main";
    static final String MIME_TYPE = "application/x-seedframe";
    static final String EXTENSION = "seedframe";
    /** Fixed, so that a newer .msi upgrades an older one in place. */
    static final String WIN_UPGRADE_UUID = "5b7e4f6c-2a1d-4b8e-9c3f-1d6a7e2b9f40";

    /** What the jlink'ed runtime holds: what jdeps finds in the jars, plus TLS, charsets and the locales shown. */
    static final List<String> MODULES = List.of("java.base", "java.compiler", "java.desktop", "java.logging",
            "java.management", "java.naming", "java.net.http", "java.prefs", "java.scripting", "java.sql", "java.xml",
            "jdk.charsets", "jdk.crypto.ec", "jdk.localedata", "jdk.management", "jdk.unsupported", "jdk.zipfs");

    private final Map<String, String> opts;
    private final Path repo;
    private final Path out;
    private final String platform;

    private Packager(Map<String, String> opts) {
        this.opts = opts;
        this.repo = Path.of(opts.getOrDefault("repo", ".")).toAbsolutePath().normalize();
        this.out = Path.of(opts.getOrDefault("out", "target/installer")).toAbsolutePath().normalize();
        this.platform = opts.getOrDefault("platform", hostPlatform());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String key = a.substring(2);
            if (i + 1 < args.length) {
                o.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
        new Packager(o).run();
    }

    /** The platform this JVM runs on, named as the Maven profiles name it. */
    static String hostPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        if (os.contains("win")) {
            return "win-" + a;
        }
        if (os.contains("mac")) {
            return "osx-" + a;
        }
        return "linux-" + a;
    }

    private boolean linux() {
        return platform.startsWith("linux");
    }

    private boolean windows() {
        return platform.startsWith("win");
    }

    private boolean mac() {
        return platform.startsWith("osx");
    }

    private void run() throws IOException {
        if (!platform.equals(hostPlatform())) {
            throw new IllegalStateException("jpackage builds for the OS it runs on: this is " + hostPlatform()
                    + ", not " + platform + ". Build the " + platform + " package on " + platform + ".");
        }
        String type = opts.getOrDefault("type", linux() ? "deb" : windows() ? "msi" : "dmg");
        String version = opts.getOrDefault("version", "0.1.0").replaceFirst("-SNAPSHOT$", "");
        deleteTree(out);
        Path input = Files.createDirectories(out.resolve("input"));
        stageJars(input);
        Path config = Files.createDirectories(out.resolve("config"));
        Path images = out.resolve("image");
        List<String> common = new ArrayList<>(List.of("--name", NAME, "--app-version", version, "--vendor", VENDOR,
                "--description", "Seedframe: a reproducible image studio for the Qwen-Image models",
                "--copyright", "Apache-2.0"));
        // 1. the app image: runtime, jars, launchers
        List<String> image = new ArrayList<>(common);
        image.addAll(List.of("--type", "app-image", "--dest", images.toString(), "--input", input.toString(),
                "--main-jar", "seedframe.jar", "--main-class", MAIN_CLASS,
                "--add-modules", String.join(",", MODULES),
                "--jlink-options", "--strip-debug --no-man-pages --no-header-files --strip-native-commands"
                        + " --compress=2 --include-locales=en,zh",
                "--java-options", "-XX:MaxRAMPercentage=75",
                "--java-options", "-Dfile.encoding=UTF-8",
                "--icon", icon("seedframe").toString(),
                "--add-launcher", cliLauncherName() + "=" + cliLauncher(config)));
        jpackage(image);
        Path appImage = images.resolve(mac() ? NAME + ".app" : NAME);
        copyModels(appDir(appImage).resolve("models"));
        System.out.println("app image: " + appImage);
        if (type.equals("app-image")) {
            return;
        }
        // 2. the installer from it
        List<String> pkg = new ArrayList<>(common);
        pkg.addAll(List.of("--type", type, "--dest", out.toString(), "--app-image", appImage.toString(),
                "--file-associations", fileAssociation(config).toString()));
        if (linux()) {
            pkg.addAll(List.of("--linux-package-name", "seedframe", "--linux-deb-maintainer", "seedframe@localhost",
                    "--linux-menu-group", "Graphics", "--linux-app-category", "graphics", "--linux-shortcut",
                    "--linux-package-deps", "libgtk-3-0 | libgtk-3-0t64",
                    "--resource-dir", linuxResources(config).toString(),
                    "--icon", icon("seedframe").toString()));
        } else if (windows()) {
            pkg.addAll(List.of("--win-menu", "--win-menu-group", NAME, "--win-shortcut", "--win-dir-chooser",
                    "--win-upgrade-uuid", WIN_UPGRADE_UUID, "--win-per-user-install"));
        } else if (mac()) {
            pkg.addAll(List.of("--mac-package-identifier", "dev.seedframe.studio", "--mac-package-name", NAME));
        }
        jpackage(pkg);
        try (var files = Files.list(out)) {
            files.filter(Files::isRegularFile).forEach(f -> System.out.println("package: " + f + " ("
                    + size(f) + ")"));
        }
    }

    /** The command-line launcher: {@code seedframe} on Linux, {@code seedframe-cli} where names ignore case. */
    private String cliLauncherName() {
        return linux() ? "seedframe" : "seedframe-cli";
    }

    private Path cliLauncher(Path config) throws IOException {
        Path p = config.resolve("cli-launcher.properties");
        List<String> lines = new ArrayList<>(List.of("main-class=" + MAIN_CLASS,
                "description=Seedframe command line", "icon=" + slashes(icon("seedframe")),
                "linux-shortcut=false", "win-shortcut=false", "win-menu=false"));
        if (windows()) {
            lines.add("win-console=true");
        }
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    private Path fileAssociation(Path config) throws IOException {
        Path p = config.resolve("seedframe-project.properties");
        Files.write(p, List.of("extension=" + EXTENSION, "mime-type=" + MIME_TYPE,
                "description=Seedframe project", "icon=" + slashes(icon("seedframe-project", 128))),
                StandardCharsets.UTF_8);
        return p;
    }

    /**
     * jpackage's Linux resources that Seedframe replaces: the maintainer scripts (jpackage's desktop registration
     * plus the {@code /usr/bin/seedframe} link) and the studio's desktop entry (with {@code %f}, so that a
     * double-clicked project reaches the studio: jpackage's own entry passes no file), and the command line's
     * entry, hidden from the menus (jpackage 17 gives every launcher one).
     */
    private Path linuxResources(Path config) throws IOException {
        Path dir = Files.createDirectories(config.resolve("linux"));
        for (String f : List.of("postinst", "prerm", NAME + ".desktop", cliLauncherName() + ".desktop")) {
            Path target = dir.resolve(f);
            Files.copy(repo.resolve("packaging").resolve("linux").resolve(f), target,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private Path icon(String name) {
        return icon(name, 256);
    }

    /** The icon in this platform's format: a PNG of {@code linuxSize} pixels, ICO or ICNS (every size inside). */
    private Path icon(String name, int linuxSize) {
        String ext = linux() ? "png" : windows() ? "ico" : "icns";
        Path p = repo.resolve("assets").resolve("icons").resolve(name + (linux() ? "-" + linuxSize : "") + "." + ext);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("missing icon " + p);
        }
        return p;
    }

    /** Where jpackage puts the input's files inside an app image. */
    private Path appDir(Path appImage) {
        if (mac()) {
            return appImage.resolve("Contents").resolve("app");
        }
        return windows() ? appImage.resolve("app") : appImage.resolve("lib").resolve("app");
    }

    /** The application jar (from --jar, or made from --classes) and its runtime libraries, side by side. */
    private void stageJars(Path input) throws IOException {
        String jar = opts.get("jar");
        Path appJar = input.resolve("seedframe.jar");
        if (jar != null) {
            Files.copy(Path.of(jar), appJar);
        } else {
            Path classes = Path.of(require("classes"));
            tool("jar", "--create", "--file", appJar.toString(), "--main-class", MAIN_CLASS, "-C", classes.toString(),
                    ".");
        }
        String cp = Files.readString(Path.of(require("classpath-file")), StandardCharsets.UTF_8).strip();
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                Path lib = Path.of(entry);
                Files.copy(lib, input.resolve(lib.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * The embedded models, into the app image. Links (the edit model's components are links to the text-to-image
     * model's) become copies: jpackage's own copy of an app image into a package keeps a linked folder as an empty
     * one, and Windows installers hold no links.
     */
    private void copyModels(Path target) throws IOException {
        copyResolved(repo.resolve("models").toRealPath(), target);
    }

    private static void copyResolved(Path real, Path to) throws IOException {
        if (Files.isDirectory(real)) {
            try (var s = Files.walk(real, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path t = to.resolve(real.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } else {
            Files.copy(real, to);
        }
    }

    private String require(String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    /**
     * Runs the JDK's jpackage in its own process, so that dpkg-deb gets gzip unless {@code DPKG_DEB_COMPRESSOR_TYPE}
     * says otherwise: the jars are compressed already, and dpkg's default xz spends many minutes on two cores for a
     * package a few percent smaller.
     */
    private void jpackage(List<String> args) throws IOException {
        Path exe = Path.of(System.getProperty("java.home"), "bin", windows() ? "jpackage.exe" : "jpackage");
        if (!Files.isExecutable(exe)) {
            throw new IllegalStateException("jpackage is not in this JDK (" + System.getProperty("java.home")
                    + "); run with a full JDK 17 or later");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(args);
        System.out.println("jpackage " + String.join(" ", args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().putIfAbsent("DPKG_DEB_COMPRESSOR_TYPE", "gzip");
        try {
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("jpackage failed (exit " + rc + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while jpackage ran", e);
        }
    }

    /** A JDK tool in this JVM (the jar tool). */
    private static void tool(String name, String... args) {
        ToolProvider t = ToolProvider.findFirst(name)
                .orElseThrow(() -> new IllegalStateException(name + " is not in this JDK (" + System.getProperty(
                        "java.home") + "); run with a full JDK 17 or later"));
        PrintWriter o = new PrintWriter(System.out, true);
        PrintWriter e = new PrintWriter(System.err, true);
        int rc = t.run(o, e, args);
        if (rc != 0) {
            throw new IllegalStateException(name + " failed (exit " + rc + "): " + name + " " + Arrays.toString(args));
        }
    }

    private static String slashes(Path p) {
        return p.toAbsolutePath().toString().replace('\\', '/');
    }

    private static String size(Path f) {
        try {
            return String.format(Locale.ROOT, "%.1f MB", Files.size(f) / 1e6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
