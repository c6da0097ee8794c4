package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.service.Failure;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Engine menu without a window: what a choice resolves to, in the window's language. */
@Tag("unit")
class EngineMenuViewModelTest {

    private final FakeStudio studio = new FakeStudio();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final EngineMenuViewModel engine = new EngineMenuViewModel(studio, feedback);

    @Test
    void aChoiceIsAppliedAndWhatItResolvedToIsSaid() {
        engine.setEngine("cpu", "stream-blocks", "f32");
        assertEquals("stream-blocks", engine.engineChoice().memoryMode());
        assertTrue(feedback.statusProperty().get().startsWith("Running on cpu (2 threads)"),
                feedback.statusProperty().get());
        engine.setEngine("gpu", "resident", "f32");
        assertTrue(feedback.statusProperty().get().contains("the libtorch in use is a CPU build"),
                feedback.statusProperty().get());
    }

    @Test
    void aRefusedCombinationIsSaidAndTheSettingsStay() {
        engine.setEngine("cpu", "int8", "f32");
        engine.setEngine("cpu", "int8", "bf16");
        assertTrue(feedback.errorProperty().get().contains("int8") && feedback.errorProperty().get().contains("bf16"));
        assertEquals("f32", engine.engineChoice().precision());
    }

    @Test
    void aSavedGpuThatIsNotUsableIsSaidAtStartAndTheMachineCanFailInWords() {
        studio.choice = new dev.seedframe.service.StudioEngine.EngineChoice("gpu", "resident", "f32");
        engine.restore();
        assertTrue(feedback.statusProperty().get().contains("the libtorch in use is a CPU build"));
        feedback.i18nProperty().set(new dev.seedframe.ui.I18n(Locale.SIMPLIFIED_CHINESE));
        engine.restore();
        assertTrue(feedback.statusProperty().get().startsWith("GPU 不可用"), feedback.statusProperty().get());
        studio.nextFailure = new Failure(Failure.Kind.MODEL, "libtorch did not start", null);
        assertTrue(engine.machine().isEmpty());
        assertTrue(feedback.errorProperty().get().endsWith("libtorch did not start"));
    }
}
