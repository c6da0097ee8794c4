package dev.seedframe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.runtime.Devices;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EngineOptionsTest {

    @Test
    void devicesParseAndPrintBack() {
        assertEquals(DeviceChoice.cpu(), DeviceChoice.parse("CPU"));
        assertEquals(DeviceChoice.auto(), DeviceChoice.parse("auto"));
        assertEquals(DeviceChoice.gpu(0), DeviceChoice.parse("gpu"));
        assertEquals(DeviceChoice.gpu(2), DeviceChoice.parse("cuda:2"));
        assertEquals("cuda:2", DeviceChoice.parse("cuda:2").id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("cuda:-1"));
        assertTrue(e.getMessage().contains("use auto, cpu, gpu or cuda:N"), e.getMessage());
    }

    @Test
    void memoryModesAndPrecisionsParseTheirIds() {
        for (MemoryMode m : MemoryMode.values()) {
            assertEquals(m, MemoryMode.parse(m.id()));
        }
        assertEquals(MemoryMode.OFFLOAD_TEXT_ENCODER, MemoryMode.parse("OFFLOAD_TEXT_ENCODER"));
        assertFalse(MemoryMode.RESIDENT.offloadsTextEncoder());
        assertTrue(MemoryMode.INT8.offloadsTextEncoder());
        assertEquals(Precision.BF16, Precision.parse("bfloat16"));
        assertEquals("float32", Precision.parse("f32").dtypeName());
        assertThrows(IllegalArgumentException.class, () -> MemoryMode.parse("fp8"));
    }

    @Test
    void theDefaultsAreCpuResidentFloat32() {
        EngineOptions d = EngineOptions.defaults();
        assertEquals(DeviceChoice.cpu(), d.device());
        assertEquals(MemoryMode.RESIDENT, d.memoryMode());
        assertEquals(Precision.F32, d.precision());
        assertEquals(MemoryMode.INT8, d.withMemoryMode(MemoryMode.INT8).memoryMode());
    }

    @Test
    void withoutACudaLibtorchAutoIsTheCpuSilentlyAndGpuFallsBackWithAReason() throws Exception {
        DeviceInfo auto = Devices.resolve(DeviceChoice.auto());
        assertEquals("cpu", auto.id());
        assertNull(auto.fallbackReason());
        DeviceInfo gpu = Devices.resolve(DeviceChoice.gpu(1));
        assertEquals("cpu", gpu.id());
        assertEquals("cuda:1", gpu.requested());
        assertTrue(gpu.fallbackReason().startsWith("the libtorch in use is a CPU build"), gpu.fallbackReason());
        assertTrue(gpu.runtime().startsWith("libtorch 2.7.1 (CPU build)"), gpu.runtime());
        assertEquals(-1, Devices.gpuMemoryUsedBytes(gpu));
    }
}
