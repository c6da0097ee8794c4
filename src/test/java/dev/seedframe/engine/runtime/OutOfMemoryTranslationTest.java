package dev.seedframe.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineOutOfMemoryException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** libtorch's allocation failures told apart from its other errors, on real libtorch errors. */
@Tag("unit")
class OutOfMemoryTranslationTest {

    private static final DeviceInfo CPU = new DeviceInfo("cpu", "cpu", "cpu (2 threads)", "libtorch", -1, null);

    @Test
    void aFailedAllocationInLibtorchIsOutOfMemoryWithItsOwnWords() throws Exception {
        try (NDManager m = DjlRuntime.newCpuManager()) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> m.zeros(new Shape(1L << 42))); // 16 TiB
            assertTrue(NativeMemory.isOutOfMemory(e), e.getMessage());
            EngineOutOfMemoryException oom = NativeMemory.translate(e, CPU, "generating");
            assertNotNull(oom);
            assertTrue(oom.getMessage().startsWith("Out of memory on cpu (2 threads) while generating: "), oom.getMessage());
            assertTrue(oom.getMessage().contains("you tried to allocate 17592186044416 bytes"), oom.getMessage());
            assertTrue(oom.getMessage().contains("a memory mode that needs less"), oom.getMessage());
            assertFalse(oom.getMessage().contains("\n"), "no C++ backtrace: " + oom.getMessage());
        }
    }

    @Test
    void otherLibtorchErrorsAreNotOutOfMemory() throws Exception {
        try (NDManager m = DjlRuntime.newCpuManager(); NDArray x = m.ones(new Shape(4))) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> x.broadcast(new Shape(8, 8)));
            assertFalse(NativeMemory.isOutOfMemory(e), e.getMessage());
            assertNull(NativeMemory.translate(e, CPU, "generating"));
        }
    }

    @Test
    void cudasWordsAreRecognisedToo() {
        // the text libtorch's CUDA caching allocator throws (c10::OutOfMemoryError), wrapped by DJL
        RuntimeException cuda = new RuntimeException("CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a"
                + " total capacity of 23.64 GiB of which 1.05 GiB is free.\nException raised from malloc at ...");
        EngineOutOfMemoryException oom = NativeMemory.translate(new RuntimeException(cuda), null, "loading the model");
        assertEquals("Out of memory while loading the model: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has"
                + " a total capacity of 23.64 GiB of which 1.05 GiB is free. Try a smaller size or fewer variants, or"
                + " a memory mode that needs less (offload-text-encoder, stream-blocks or int8; README: Memory"
                + " modes).", oom.getMessage());
    }
}
