package dev.seedframe.service;

import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.Precision;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The studio's door to the engine settings (the Engine menu) and the machine. */
public interface StudioEngine {

    /** The engine settings the studio offers: device, memory mode and precision, each by its CLI id. */
    record EngineChoice(String device, String memoryMode, String precision) {

        public static final List<String> DEVICES = List.of("auto", "cpu", "gpu");
        public static final List<String> MEMORY_MODES = Arrays.stream(MemoryMode.values()).map(MemoryMode::id).toList();
        public static final List<String> PRECISIONS = Arrays.stream(Precision.values()).map(Precision::id).toList();
    }

    /** The engine settings models are opened with now. */
    EngineChoice engineChoice();

    /**
     * Opens models with {@code choice} from now on (remembered for the next session) and describes what it
     * resolves to: the GPU in use, or why a GPU request runs on the CPU.
     */
    EngineStatus setEngine(EngineChoice choice) throws Failure;

    /**
     * Applies the engine choice of the last session, if one was saved; returns what it resolved to only when that
     * is not what was saved (a GPU that is not usable now).
     */
    Optional<EngineStatus> restoreEngine() throws Failure;

    /** The runtime, the GPUs libtorch sees and what a GPU request gets here (loads no model). */
    MachineSummary machine() throws Failure;
}
