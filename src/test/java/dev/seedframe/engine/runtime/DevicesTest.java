package dev.seedframe.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The parts of GPU discovery that do not need a GPU: nvidia-smi's numbering and its memory lines. */
@Tag("unit")
class DevicesTest {

    @Test
    void libtorchsIndexIsMappedThroughCudaVisibleDevicesForNvidiaSmi() {
        assertEquals("0", Devices.physicalId(0, null));
        assertEquals("1", Devices.physicalId(1, ""));
        assertEquals("3", Devices.physicalId(0, "3,1"), "libtorch's cuda:0 is the first visible device");
        assertEquals("1", Devices.physicalId(1, "3, 1"));
        assertEquals("GPU-5e1f0c2a-0000-1111-2222-333344445555",
                Devices.physicalId(0, "GPU-5e1f0c2a-0000-1111-2222-333344445555"), "nvidia-smi -i takes UUIDs too");
        assertEquals("2", Devices.physicalId(2, "0"), "out of the list: the index as it is");
    }

    @Test
    void nvidiaSmisMemoryLineIsReadInMib() {
        assertArrayEquals(new long[] {143771, 512}, Devices.parseMib("143771, 512"));
        assertNull(Devices.parseMib("[N/A], [N/A]"));
        assertNull(Devices.parseMib("No devices were found"));
    }

    @Test
    void withoutAGpuNothingIsProbedAndMemoryIsUnknown() throws Exception {
        // the CPU build of libtorch has no CUDA capability: the probe finds nothing, nothing is thrown
        assertEquals(0, Devices.gpuCount(DjlRuntime.engine()));
        assertArrayEquals(new long[] {-1, -1}, Devices.gpuMemory(0));
    }
}
