package dev.seedframe.ui.viewmodel;

import dev.seedframe.service.EngineStatus;
import dev.seedframe.service.Failure;
import dev.seedframe.service.MachineSummary;
import dev.seedframe.service.StudioEngine;
import java.util.Optional;

/**
 * The Engine menu: device, memory mode and precision for the next generations (remembered for the next session),
 * what the device resolved to in the status line, and the machine's runtime and GPUs.
 */
public final class EngineMenuViewModel {

    private final StudioEngine port;
    private final Feedback feedback;

    public EngineMenuViewModel(StudioEngine port, Feedback feedback) {
        this.port = port;
        this.feedback = feedback;
    }

    /** The engine settings models are opened with (device, memory mode, precision by their CLI ids). */
    public StudioEngine.EngineChoice engineChoice() {
        return port.engineChoice();
    }

    /**
     * Chooses the device, memory mode and precision for the next generations; the status line says what the device
     * resolved to (or why a GPU is not usable and the CPU runs instead). A refused combination leaves the settings.
     */
    public void setEngine(String device, String memoryMode, String precision) {
        apply(device, memoryMode, precision).ifPresent(feedback::showFailure);
    }

    /** {@link #setEngine}, handing a refusal back instead of showing it (the Preferences dialog lists it). */
    public Optional<Failure> apply(String device, String memoryMode, String precision) {
        try {
            feedback.status(describe(port.setEngine(new StudioEngine.EngineChoice(device, memoryMode, precision))));
            return Optional.empty();
        } catch (Failure f) {
            return Optional.of(f);
        }
    }

    /** What the engine runs on here (loads no model); empty after showing why it cannot tell. */
    public Optional<MachineSummary> machine() {
        try {
            return Optional.of(port.machine());
        } catch (Failure f) {
            feedback.showFailure(f);
            return Optional.empty();
        }
    }

    /** The Engine menu as the last session left it; said only when it cannot be what it was. */
    void restore() {
        try {
            port.restoreEngine().ifPresent(e -> feedback.status(describe(e)));
        } catch (Failure f) {
            feedback.status(feedback.f("engine.restoreFailed", f.getMessage()));
        }
    }

    /** What the engine resolved to, in the window's language (the reason for a fallback stays the engine's). */
    private String describe(EngineStatus e) {
        String s = e.fellBack()
                ? feedback.f("engine.status.fallback", e.fallbackReason(), e.device(), e.runtime(), e.memoryMode())
                : feedback.f("engine.status.running", e.device(), e.runtime(), e.memoryMode());
        return e.bf16OnCpu() ? s + feedback.t("engine.status.bf16OnCpu") : s;
    }
}
