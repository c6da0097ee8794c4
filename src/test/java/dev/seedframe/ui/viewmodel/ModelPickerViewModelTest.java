package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.service.Failure;
import dev.seedframe.service.ListedModel;
import dev.seedframe.service.StudioModelLibrary;
import dev.seedframe.ui.I18n;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The model picker without a window: the search off the UI thread, each entry in words, using one, folders. */
@Tag("unit")
class ModelPickerViewModelTest {

    static final Path GOOD = Path.of("/cache/hub/models--Qwen--Qwen-Image/snapshots/aaaa");
    static final Path HALF = Path.of("/cache/hub/models--Qwen--Qwen-Image-Edit/snapshots/bbbb");
    static final Path FP8 = Path.of("/comfy/models/diffusion_models/qwen_image_edit_2509_fp8_e4m3fn.safetensors");

    private final FakeStudio studio = new FakeStudio();
    private final FakeModelLibrary library = new FakeModelLibrary();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final QueuedExecutor io = new QueuedExecutor();
    private final UiExecutors executors = new UiExecutors(Runnable::run, io, Runnable::run);
    private final GenerationFormViewModel form = new GenerationFormViewModel(studio, feedback,
            new javafx.beans.property.ReadOnlyObjectWrapper<dev.seedframe.domain.RgbImage>().getReadOnlyProperty());
    private final ModelPickerViewModel picker = new ModelPickerViewModel(library, feedback, executors, form);

    {
        library.models.add(FakeModelLibrary.pipeline("Qwen/Qwen-Image@main", GOOD, "Qwen-Image", true,
                "stream-blocks"));
        library.models.add(FakeModelLibrary.pipeline("Qwen/Qwen-Image-Edit@bbbb", HALF, "Qwen-Image-Edit", false, null));
        library.models.add(FakeModelLibrary.singleFile("qwen_image_edit_2509_fp8_e4m3fn.safetensors", FP8));
    }

    private ListedModel entry(int i) {
        return picker.models().get(i);
    }

    @Test
    void theSearchRunsOffTheUiThreadAndEachEntryIsSaidInWords() {
        picker.showing();
        assertTrue(picker.searchingProperty().get());
        assertTrue(picker.models().isEmpty(), "nothing is listed before the search ran");
        assertEquals(1, io.size(), "the search waits on the io thread");
        io.runAll();
        assertFalse(picker.searchingProperty().get());
        assertEquals(3, picker.models().size());
        assertEquals("Estimates for this computer's memory (25.3 GB)", picker.memoryForProperty().get());

        assertEquals("Qwen-Image  ·  bf16  ·  57.7 GB  ·  complete", picker.summary(entry(0)));
        assertEquals("Runs here with the memory mode stream-blocks (about 3.7 GB of this computer's memory)",
                picker.runsHere(entry(0)));
        assertEquals("Hugging Face cache", picker.origin(entry(0)));

        assertEquals("Qwen-Image-Edit  ·  bf16  ·  57.7 GB  ·  INCOMPLETE", picker.summary(entry(1)));
        assertTrue(picker.details(entry(1)).get(0).contains("its blob is missing"), picker.details(entry(1)).toString());
        assertEquals("No memory estimate until its weights are all here", picker.runsHere(entry(1)));

        assertEquals("transformer of Qwen-Image-Edit-2509  ·  fp8 e4m3fn  ·  20.4 GB  ·  single file",
                picker.summary(entry(2)));
        assertTrue(picker.runsHere(entry(2)).contains("not loadable yet"), picker.runsHere(entry(2)));
        assertTrue(picker.details(entry(2)).get(0).contains("float8"), "the single file's detail is shown");

        picker.showing();
        assertEquals(0, io.size(), "shown again: no second search unless asked");
    }

    @Test
    void usingACompleteEntrySetsTheFormsModelAndOthersSayWhyNot() {
        picker.refresh();
        io.runAll();
        assertTrue(picker.use(entry(0)));
        assertEquals(GOOD, form.modelProperty().get().folder());
        assertEquals("Using Qwen/Qwen-Image@main; on this machine it runs with the memory mode stream-blocks (Engine →"
                + " Memory mode).", feedback.statusProperty().get());

        assertFalse(picker.use(entry(1)));
        assertEquals("This download is not finished: Resume continues it.", picker.messageProperty().get());
        assertFalse(picker.use(entry(2)));
        assertTrue(picker.messageProperty().get().contains("not loadable yet"));
        assertEquals(GOOD, form.modelProperty().get().folder(), "the model stays");
        assertEquals("", feedback.errorProperty().get());
    }

    @Test
    void aFolderAddedIsSearchedAndWhatItHoldsIsSaidAndAForgottenOneGoes() {
        picker.refresh();
        io.runAll();
        library.models.add(FakeModelLibrary.pipeline("mine", Path.of("/data/models/Qwen-Image"), "Qwen-Image", true,
                "resident"));
        picker.addFolder(Path.of("/data/models"), false);
        io.runAll();
        assertEquals(List.of("list", "add /data/models", "list"), library.calls);
        assertEquals("Added /data/models: 1 model(s) found there.", picker.messageProperty().get());
        StudioModelLibrary.Folder f = picker.folders().get(0);
        assertEquals("/data/models  (your folder)", picker.folderLabel(f));

        picker.forget(f);
        io.runAll();
        assertTrue(picker.folders().isEmpty());
        assertEquals("Forgot /data/models.", picker.messageProperty().get());

        library.nextFailure = new Failure(Failure.Kind.INVALID_INPUT, "/tmp is not a ComfyUI folder", null);
        picker.addFolder(Path.of("/tmp"), true);
        io.runAll();
        assertEquals("/tmp is not a ComfyUI folder", picker.messageProperty().get());
    }

    @Test
    void theSelectionFollowsItsPathThroughASearchAndAFailedSearchIsSaid() {
        picker.refresh();
        io.runAll();
        picker.selectedProperty().set(entry(1));
        picker.refresh();
        io.runAll();
        assertEquals(HALF, picker.selectedProperty().get().path());
        library.models.remove(1);
        picker.refresh();
        io.runAll();
        assertNull(picker.selectedProperty().get());
        library.nextFailure = new Failure(Failure.Kind.FILE, "permission denied: /cache/hub", null);
        picker.refresh();
        io.runAll();
        assertEquals("The folders could not be searched: permission denied: /cache/hub", picker.messageProperty().get());
    }

    @Test
    void theWordsFollowTheWindowsLanguage() {
        picker.refresh();
        io.runAll();
        feedback.i18nProperty().set(new I18n(Locale.SIMPLIFIED_CHINESE));
        assertEquals("Qwen-Image  ·  bf16  ·  57.7 GB  ·  完整", picker.summary(entry(0)));
        assertTrue(picker.runsHere(entry(2)).startsWith("ComfyUI 单文件"), picker.runsHere(entry(2)));
    }
}
