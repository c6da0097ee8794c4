package dev.seedframe.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.Golden;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each platform profile resolves, from Maven Central (or the local repository once fetched), the native libraries
 * its package ships: the CPU libtorch for that platform, DJL's JNI library for it, and JavaFX's platform jars.
 * This is dependency resolution only: the Windows and macOS packages cannot be built or run on this Linux build
 * machine (jpackage makes each OS's installer on that OS).
 */
@Tag("packaging")
class PlatformProfilesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "linux-x86_64, linux, libtorch_cpu.so, libglass.so",
        "win-x86_64, win, torch_cpu.dll, glass.dll",
        "osx-aarch64, mac-aarch64, libtorch_cpu.dylib, libglass.dylib"})
    void theProfileResolvesItsPlatformsNativeLibraries(String platform, String fx, String libtorch, String glass)
            throws Exception {
        Path out = Files.createTempFile("classpath-" + platform, ".txt");
        // from the local repository when it has them all, else from Maven Central
        String failure = resolve(platform, out, true);
        if (failure != null) {
            failure = resolve(platform, out, false);
        }
        assertEquals(null, failure);
        List<Path> jars = new ArrayList<>();
        for (String e : Files.readString(out, StandardCharsets.UTF_8).strip().split(File.pathSeparator)) {
            jars.add(Path.of(e));
        }
        Path nativeCpu = only(jars, "pytorch-native-cpu-2.7.1-" + platform + ".jar");
        try (ZipFile z = new ZipFile(nativeCpu.toFile())) {
            Properties props = new Properties();
            props.load(z.getInputStream(z.getEntry("native/lib/pytorch.properties")));
            assertEquals(platform, props.getProperty("classifier"));
            assertEquals("cpu", props.getProperty("flavor"));
            assertTrue(props.getProperty("libraries").contains(libtorch), props.toString());
        }
        try (ZipFile z = new ZipFile(only(jars, "pytorch-jni-2.7.1-0.35.1.jar").toFile())) {
            assertTrue(z.stream().anyMatch(e -> e.getName().startsWith("jnilib/" + platform + "/cpu/")),
                    "DJL's JNI jar carries the " + platform + " CPU library");
        }
        try (ZipFile z = new ZipFile(only(jars, "javafx-graphics-21.0.12-" + fx + ".jar").toFile())) {
            assertTrue(z.stream().anyMatch(e -> e.getName().endsWith(glass)), "JavaFX's " + glass);
        }
        for (Path j : jars) {
            String n = j.getFileName().toString();
            assertTrue(!n.startsWith("pytorch-native-cpu") || n.contains(platform), "another platform's libtorch: " + n);
            assertTrue(!n.startsWith("javafx-") || n.endsWith("-" + fx + ".jar"), "another platform's JavaFX: " + n);
        }
    }

    /** Runs the profile's dependency resolution; null on success, else Maven's output. */
    private static String resolve(String platform, Path out, boolean offline) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(maven(), "-B", "-q", "-f", Golden.repo().resolve("pom.xml").toString(),
                "-P", platform, "dependency:build-classpath", "-Dmdep.outputFile=" + out,
                "-Dmdep.includeScope=runtime"));
        if (offline) {
            cmd.add("-o");
        }
        String repo = System.getProperty("seedframe.mavenRepoLocal");
        if (repo != null && !repo.isBlank()) {
            cmd.add("-Dmaven.repo.local=" + repo);
        }
        Path log = Files.createTempFile("mvn-" + platform, ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return "Maven did not finish in 10 minutes: " + Files.readString(log);
        }
        return p.exitValue() == 0 ? null : Files.readString(log);
    }

    private static Path only(List<Path> jars, String name) {
        List<Path> hits = jars.stream().filter(j -> j.getFileName().toString().equals(name)).toList();
        assertEquals(1, hits.size(), name + " in " + jars);
        assertTrue(Files.isRegularFile(hits.get(0)));
        return hits.get(0);
    }

    private static String maven() {
        String home = System.getProperty("seedframe.mavenHome");
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
        if (home != null && !home.isBlank()) {
            Path mvn = Path.of(home, "bin", windows ? "mvn.cmd" : "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toString();
            }
        }
        return windows ? "mvn.cmd" : "mvn";
    }
}
