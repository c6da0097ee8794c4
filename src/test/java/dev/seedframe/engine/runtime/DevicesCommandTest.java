package dev.seedframe.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seedframe devices} in a fresh JVM on the real engine, and a libtorch folder of the user's own
 * ({@code PYTORCH_LIBRARY_PATH}): the bundled CPU libtorch linked into the layouts users bring.
 */
@Tag("e2e")
class DevicesCommandTest {

    @TempDir
    Path tmp;

    /** The bundled libtorch's files, linked into {@code dir} (a user's folder, without DJL's JNI library). */
    private static Path linkLibtorch(Path dir) throws Exception {
        DjlRuntime.engine();
        Path bundled = Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(bundled)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.contains(".so") && !name.contains("djl_torch")) {
                    Files.createSymbolicLink(dir.resolve(name), f);
                }
            }
        }
        return dir;
    }

    @Test
    void onTheBundledCpuLibtorchItSaysWhyAGpuRequestRunsOnTheCpu() throws IOException, InterruptedException {
        CliRunner.Result r = CliRunner.subprocess(tmp, "devices");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("engine:  DJL 0.35.1, libtorch 2.7.1 (CPU build) from "), r.out());
        assertTrue(r.out().contains("gpus:    none"), r.out());
        assertTrue(r.out().contains("--device gpu: the CPU, because the libtorch in use is a CPU build"), r.out());
    }

    @Test
    void aUsersLibtorchFolderLoadsWithoutSettingTheFlavour() throws Exception {
        // before, DJL looked for a "cpu-precxx11" JNI library that its jar lacks: "Cannot copy jni files"
        Path lib = linkLibtorch(tmp.resolve("opt/libtorch/lib"));
        CliRunner.Result r = CliRunner.subprocessWithEnv(tmp, Map.of("PYTORCH_LIBRARY_PATH", lib.toString()),
                "devices");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("(CPU build) from " + lib), r.out());
        assertTrue(!r.out().contains("warning:"), r.out());
    }

    @Test
    void aWheelOfAnotherVersionIsNamedWhenItLoadsAndWhenItDoesNot() throws Exception {
        Path lib = linkLibtorch(tmp.resolve("site-packages/torch/lib"));
        Files.writeString(lib.getParent().resolve("version.py"), "__version__ = '2.11.0+cu130'\ncuda = '13.0'\n");
        CliRunner.Result loads = CliRunner.subprocessWithEnv(tmp, Map.of("PYTORCH_LIBRARY_PATH", lib.toString()),
                "devices");
        assertEquals(0, loads.exit(), loads.toString());
        assertTrue(loads.out().contains("warning: PYTORCH_LIBRARY_PATH holds libtorch 2.11.0+cu130 (read from "
                + lib.getParent().resolve("version.py") + "), not the 2.7.1"), loads.out());

        // a CUDA build of it: DJL's cu128 JNI library cannot load there; the message says which libtorch and why
        Files.writeString(lib.resolve(System.mapLibraryName("torch_cuda")), "");
        CliRunner.Result fails = CliRunner.subprocessWithEnv(tmp, Map.of("PYTORCH_LIBRARY_PATH", lib.toString()),
                "devices");
        assertEquals(1, fails.exit(), fails.toString());
        assertTrue(fails.err().contains("error: The PyTorch engine could not start: Failed to load PyTorch native"
                + " library: "), fails.err());
        assertTrue(fails.err().contains("libtorch 2.11.0+cu130 is not the 2.7.1 that DJL 0.35.1's JNI library"
                + " (libdjl_torch, cu128 build) is compiled against"), fails.err());
        assertTrue(!fails.err().contains("Exception"), fails.err());
    }
}
