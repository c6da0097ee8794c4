package dev.seedframe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.LibtorchSetup;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.testing.CliRunner;
import dev.seedframe.testing.FakeDjlPublish;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seedframe setup-gpu} through the real command line against a local server in publish.djl.ai's layout. The
 * stand-in archive is the bundled CPU libtorch 2.7.1 served as the cu128 flavour (no CUDA libtorch can be had here,
 * and no GPU), so the engine really starts on what was downloaded; the NVIDIA driver is a stand-in {@code
 * nvidia-smi} on the PATH that lists one GPU.
 */
@Tag("e2e")
class SetupGpuCliTest {

    @TempDir
    Path tmp;

    @Test
    void withADriverItDownloadsResumesChecksRemembersAndLaterRunsUseIt() throws Exception {
        Assumptions.assumeTrue(LibtorchSetup.cudaClassifier().orElse("").equals("linux-x86_64"), "linux-x86_64 only");
        DjlRuntime.engine();
        Path bundled = Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
        Map<String, Path> libs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(bundled)) {
            files.filter(f -> f.getFileName().toString().contains(".so") && !f.getFileName().toString().contains("djl_torch"))
                    .sorted().forEach(f -> libs.put(f.getFileName().toString(), f));
        }
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\nif [ \"$1\" = \"-L\" ]; then echo \"GPU 0: NVIDIA Stand-in (UUID: GPU-0000)\";"
                + " exit 0; fi\nexit 9\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        Path home = tmp.resolve("home");
        try (FakeDjlPublish server = new FakeDjlPublish("2.7.1", libs,
                Golden.repo().resolve("target").resolve("libtorch-stand-in"))) {
            server.cut("libtorch_cpu.so", 5_000_000, 1);
            CliRunner.Result r = CliRunner.subprocess(tmp, env, Map.of("seedframe.home", home.toString()), "setup-gpu",
                    "--base-url", server.base().toString());
            assertEquals(0, r.exit(), r.toString());
            Path lib = home.resolve("data/libtorch/2.7.1-cu128-linux-x86_64/lib");
            assertTrue(r.out().contains("Installed libtorch 2.7.1 (cu128) in " + lib + " for GPU 0: NVIDIA Stand-in"),
                    r.out());
            assertTrue(r.out().contains("engine:  DJL 0.35.1, libtorch 2.7.1 (CPU build) from " + lib), r.out());
            assertTrue(r.out().contains("not a CUDA build"), r.out());
            assertTrue(r.err().contains("was cut") && r.err().contains("resuming at byte 5000000"), r.err());
            assertTrue(server.seen().stream().anyMatch(s -> "bytes=5000000-".equals(s.range())));
            for (String name : libs.keySet()) {
                assertEquals(Files.size(libs.get(name)), Files.size(lib.resolve(name)), name);
            }
        }
        // a later run, without PYTORCH_LIBRARY_PATH, uses what setup-gpu remembered
        CliRunner.Result later = CliRunner.subprocess(tmp, Map.of(), Map.of("seedframe.home", home.toString()),
                "devices");
        assertEquals(0, later.exit(), later.toString());
        assertTrue(later.out().contains("from " + home.resolve("data/libtorch/2.7.1-cu128-linux-x86_64/lib")),
                later.out());
    }

    @Test
    void withoutADriverItSaysSoAndDownloadsNothing() throws Exception {
        Assumptions.assumeTrue(LibtorchSetup.nvidiaGpus().isEmpty(), "this machine has an NVIDIA driver");
        Path src = Files.write(tmp.resolve("libtorch.so"), new byte[] {1, 2, 3});
        try (FakeDjlPublish server = new FakeDjlPublish("2.7.1", Map.of("libtorch.so", src), tmp.resolve("gz"))) {
            CliRunner.Result r = CliRunner.inProcess("setup-gpu", "--base-url", server.base().toString());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("No NVIDIA driver was found") && r.err().contains("nothing was downloaded"),
                    r.err());
            assertEquals(0, server.seen().size());
        }
    }
}
