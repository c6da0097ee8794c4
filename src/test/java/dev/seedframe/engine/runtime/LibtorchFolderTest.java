package dev.seedframe.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a user's libtorch folder (PYTORCH_LIBRARY_PATH) in each layout it comes in, and the start-up messages. */
@Tag("unit")
class LibtorchFolderTest {

    @TempDir
    Path tmp;

    private Path lib(Path dir, boolean cuda) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(System.mapLibraryName("torch")), "");
        if (cuda) {
            Files.writeString(dir.resolve(System.mapLibraryName("torch_cuda")), "");
        }
        return dir;
    }

    @Test
    void aPytorchWheelsLibFolderIsReadFromItsVersionPy() throws IOException {
        Path lib = lib(tmp.resolve("site-packages/torch/lib"), true);
        Files.writeString(lib.getParent().resolve("version.py"), "from typing import Optional\n"
                + "__all__ = ['__version__', 'debug', 'cuda']\n__version__ = '2.11.0+cu130'\ndebug = False\n"
                + "cuda: Optional[str] = '13.0'\n");
        LibtorchFolder f = LibtorchFolder.inspect(lib);
        assertEquals("2.11.0+cu130", f.version());
        assertEquals("2.11.0", f.baseVersion());
        assertTrue(f.cudaBuild());
        assertEquals("cu128", f.jniFlavor());
        assertFalse(f.matchesJni());
        assertTrue(f.mismatch().contains("libtorch 2.11.0+cu130 is not the 2.7.1"), f.mismatch());
        assertTrue(f.mismatch().contains("use libtorch 2.7.1 for CUDA 12.8 (cu128)"), f.mismatch());
        assertTrue(f.describe().contains("CUDA build, version from " + lib.getParent().resolve("version.py")),
                f.describe());
    }

    @Test
    void aLibtorchZipIsReadFromItsBuildVersion() throws IOException {
        Path lib = lib(tmp.resolve("libtorch/lib"), true);
        Files.writeString(lib.getParent().resolve("build-version"), "2.7.1+cu128\n");
        LibtorchFolder f = LibtorchFolder.inspect(lib);
        assertEquals("2.7.1+cu128", f.version());
        assertTrue(f.matchesJni());
        assertNull(f.mismatch());
    }

    @Test
    void djlsCacheFolderNamesItsVersionAndACpuBuildTakesTheCpuJni() throws IOException {
        Path lib = lib(tmp.resolve("2.7.1-20250812-cpu-linux-x86_64"), false);
        LibtorchFolder f = LibtorchFolder.inspect(lib);
        assertEquals("2.7.1+cpu", f.version());
        assertFalse(f.cudaBuild());
        assertEquals("cpu", f.jniFlavor());
        assertNull(f.mismatch());
    }

    @Test
    void aFolderThatSaysNothingHasAnUnknownVersionAndIsNotHeldAgainst() throws IOException {
        LibtorchFolder f = LibtorchFolder.inspect(lib(tmp.resolve("opt/mytorch"), false));
        assertNull(f.version());
        assertTrue(f.matchesJni());
        assertTrue(f.describe().contains("libtorch of unknown version, CPU build"), f.describe());
    }

    @Test
    void theSearchPathIsReadAsDjlReadsIt() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path lib = lib(tmp.resolve("second"), false);
        String path = tmp.resolve("missing") + File.pathSeparator + empty + File.pathSeparator + lib;
        assertEquals(lib.toAbsolutePath(), LibtorchFolder.firstIn(path).orElseThrow().dir());
        // the library file itself names its folder too
        assertEquals(lib.toAbsolutePath(),
                LibtorchFolder.firstIn(lib.resolve(System.mapLibraryName("torch")).toString()).orElseThrow().dir());
        assertTrue(LibtorchFolder.firstIn(empty.toString()).isEmpty());
        assertTrue(LibtorchFolder.firstIn(null).isEmpty());
    }

    @Test
    void aStartFailureNamesDjlsReasonsAndWhatToChange() throws IOException {
        Path wheel = lib(tmp.resolve("torch/lib"), true);
        Files.writeString(wheel.getParent().resolve("version.py"), "__version__ = '2.11.0+cu130'\n");
        Throwable undefined = new RuntimeException("Failed to load PyTorch native library",
                new UnsatisfiedLinkError("/c/0.35.1-libdjl_torch.so: undefined symbol: _ZN3c104impl3cow11cow_deleterEPv"));
        String m = DjlRuntime.startFailure(undefined, LibtorchFolder.inspect(wheel), "cu128");
        assertTrue(m.startsWith("The PyTorch engine could not start: Failed to load PyTorch native library: "
                + "/c/0.35.1-libdjl_torch.so: undefined symbol: _ZN3c104impl3cow11cow_deleterEPv."), m);
        assertTrue(m.contains("libtorch 2.11.0+cu130 is not the 2.7.1"), m);

        Path cpu = lib(tmp.resolve("cpu/lib"), false);
        Throwable noCuda = new RuntimeException("Failed to load PyTorch native library",
                new UnsatisfiedLinkError("libc10_cuda.so: cannot open shared object file: No such file or directory"));
        String c = DjlRuntime.startFailure(noCuda, LibtorchFolder.inspect(cpu), "cu128");
        assertTrue(c.contains("PYTORCH_FLAVOR=cu128 asks for the CUDA JNI library, but that folder holds a CPU build"),
                c);

        String other = DjlRuntime.startFailure(new IllegalStateException("Cannot copy jni files"),
                LibtorchFolder.inspect(cpu), "cu126");
        assertTrue(other.contains("PYTORCH_FLAVOR=cu126 names a JNI library that DJL 0.35.1's jar does not carry"),
                other);

        Path unknown = lib(tmp.resolve("unknown/lib"), true);
        String sym = DjlRuntime.startFailure(undefined, LibtorchFolder.inspect(unknown), "cu128");
        assertTrue(sym.contains("this libtorch lacks one of its C++ symbols: it is another version"), sym);

        String bundled = DjlRuntime.startFailure(new IllegalStateException("Failed to extract"), null, null);
        assertTrue(bundled.contains("Seedframe ships libtorch 2.7.1 for the CPU"), bundled);
    }
}
