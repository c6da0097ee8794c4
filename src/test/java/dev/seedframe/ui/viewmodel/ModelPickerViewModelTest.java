package dev.seedframe.ui.viewmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.service.Failure;
import dev.seedframe.service.ListedModel;
import dev.seedframe.service.ModelChoice;
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
    static final Path FP8 = Path.of("/other/models/diffusion_models/qwen_image_edit_2509_fp8_e4m3fn.safetensors");
    static final Path COMFY = Path.of("/comfy/models");
    static final Path QWEN_FP8 = COMFY.resolve("diffusion_models/qwen_image_fp8_e4m3fn.safetensors");
    static final Path TEXT_ENCODER = COMFY.resolve("text_encoders/qwen_2.5_vl_7b.safetensors");
    static final Path VAE = COMFY.resolve("vae/qwen_image_vae.safetensors");

    private final FakeStudio studio = new FakeStudio();
    private final FakeModelLibrary library = new FakeModelLibrary();
    private final Feedback feedback = new Feedback(Locale.ENGLISH);
    private final QueuedExecutor io = new QueuedExecutor();
    private final UiExecutors executors = new UiExecutors(Runnable::run, io, Runnable::run);
    private final GenerationFormViewModel form = new GenerationFormViewModel(studio, feedback,
            new javafx.beans.property.ReadOnlyObjectWrapper<dev.seedframe.domain.RgbImage>().getReadOnlyProperty(),
            executors);
    private final ModelPickerViewModel picker = new ModelPickerViewModel(library, feedback, executors, form);

    {
        library.models.add(FakeModelLibrary.pipeline("Qwen/Qwen-Image@main", GOOD, "Qwen-Image", true,
                "stream-blocks"));
        library.models.add(FakeModelLibrary.pipeline("Qwen/Qwen-Image-Edit@bbbb", HALF, "Qwen-Image-Edit", false, null));
        library.models.add(FakeModelLibrary.transformerFile("qwen_image_edit_2509_fp8_e4m3fn.safetensors", FP8,
                "Qwen-Image-Edit-2509", new ListedModel.Pairing(List.of(), Path.of("/other/models"), null, null, true)));
        library.models.add(FakeModelLibrary.transformerFile("qwen_image_fp8_e4m3fn.safetensors", QWEN_FP8,
                "Qwen-Image", new ListedModel.Pairing(List.of(GOOD), COMFY, TEXT_ENCODER, VAE, false)));
        library.models.add(FakeModelLibrary.partFile("qwen_2.5_vl_7b.safetensors", TEXT_ENCODER, "text encoder"));
        library.models.add(FakeModelLibrary.partFile("qwen_image_vae.safetensors", VAE, "VAE"));
    }

    private ListedModel entry(int i) {
        return picker.models().get(i);
    }

    /** Use, its inspection run off the UI thread: whether the model changed (the picker closed). */
    private boolean use(ListedModel m) {
        boolean[] used = {false};
        picker.use(m, () -> used[0] = true);
        io.runAll();
        assertFalse(picker.checkingProperty().get());
        return used[0];
    }

    @Test
    void useInspectsTheModelOnTheIoThreadAndTheFormKeepsItsModelUntilThen() {
        picker.refresh();
        io.runAll();
        assertTrue(use(entry(0)));
        var before = form.modelProperty().get();
        long inspected = studio.calls.stream().filter(c -> c.startsWith("inspect")).count();
        boolean[] used = {false};
        assertTrue(picker.use(entry(3), () -> used[0] = true), "the check starts");
        assertEquals(1, io.size(), "the inspection waits on the io thread, not on the UI thread");
        assertEquals(inspected, studio.calls.stream().filter(c -> c.startsWith("inspect")).count(),
                "nothing was inspected on the calling thread");
        assertTrue(picker.checkingProperty().get());
        assertTrue(form.modelPendingProperty().get());
        assertEquals("Checking qwen_image_fp8_e4m3fn.safetensors…", picker.messageProperty().get());
        assertEquals(before, form.modelProperty().get(), "the form keeps its model meanwhile");
        assertFalse(used[0]);
        assertFalse(picker.use(entry(0), () -> used[0] = true), "Use waits for the check");
        assertEquals(1, io.size());

        io.runAll();
        assertTrue(used[0], "the picker closes once the model is set");
        assertFalse(picker.checkingProperty().get());
        assertEquals(ModelChoice.transformerOver(QWEN_FP8, GOOD), form.modelProperty().get().model());
        assertTrue(feedback.statusProperty().get().startsWith("Using qwen_image_fp8_e4m3fn.safetensors combined"),
                feedback.statusProperty().get());

        studio.nextFailure = new Failure(Failure.Kind.INVALID_INPUT, "not a model", null);
        boolean[] again = {false};
        assertTrue(picker.use(entry(0), () -> again[0] = true));
        io.runAll();
        assertFalse(again[0], "a model that fails its check is not used");
        assertFalse(picker.checkingProperty().get());
        assertTrue(picker.messageProperty().get().endsWith("not a model"), picker.messageProperty().get());
        assertEquals(ModelChoice.transformerOver(QWEN_FP8, GOOD), form.modelProperty().get().model(),
                "the model stays");
    }

    @Test
    void theSearchRunsOffTheUiThreadAndEachEntryIsSaidInWords() {
        picker.showing();
        assertTrue(picker.searchingProperty().get());
        assertTrue(picker.models().isEmpty(), "nothing is listed before the search ran");
        assertEquals(1, io.size(), "the search waits on the io thread");
        io.runAll();
        assertFalse(picker.searchingProperty().get());
        assertEquals(6, picker.models().size());
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
        assertTrue(picker.runsHere(entry(2)).contains("none was found"), picker.runsHere(entry(2)));
        assertTrue(picker.details(entry(2)).get(0).contains("float8"), "the single file's detail is shown");

        picker.showing();
        assertEquals(0, io.size(), "shown again: no second search unless asked");
    }

    @Test
    void usingACompleteEntrySetsTheFormsModelAndOthersSayWhyNot() {
        picker.refresh();
        io.runAll();
        assertTrue(use(entry(0)));
        assertEquals(GOOD, form.modelProperty().get().folder());
        assertEquals("Using Qwen/Qwen-Image@main; on this machine it runs with the memory mode stream-blocks (Engine →"
                + " Memory mode).", feedback.statusProperty().get());

        assertFalse(use(entry(1)));
        assertEquals("This download is not finished: Resume continues it.", picker.messageProperty().get());
        assertFalse(use(entry(2)));
        assertTrue(picker.messageProperty().get().contains("none was found"), picker.messageProperty().get());
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
        assertTrue(picker.runsHere(entry(2)).contains("需要一个 Qwen-Image-Edit-2509 流水线文件夹"), picker.runsHere(entry(2)));
        assertEquals("可组合使用：流水线文件夹 Qwen/Qwen-Image@main（其文本编码器、VAE 与配置）", picker.runsHere(entry(3)));
    }

    @Test
    void aTransformerFileIsCombinedWithTheFirstFolderOfItsFamilyOrItsComfyUiFilesAsChosen() {
        picker.refresh();
        io.runAll();
        ListedModel fp8 = entry(3);
        assertEquals("Usable combined with the pipeline folder Qwen/Qwen-Image@main (its text encoder, VAE and"
                + " configs)", picker.runsHere(fp8));
        picker.selectedProperty().set(fp8);
        assertEquals(2, picker.combinations().size(), "the folder of its family, then the ComfyUI files");
        assertEquals("the ComfyUI text encoder qwen_2.5_vl_7b.safetensors and VAE qwen_image_vae.safetensors",
                picker.combinationLabel(picker.combinations().get(1)));
        assertEquals(picker.combinations().get(0), picker.combinationProperty().get(), "the first is the default");
        assertEquals("Use this model runs qwen_image_fp8_e4m3fn.safetensors combined with the pipeline folder"
                + " Qwen/Qwen-Image@main (its text encoder, VAE and configs).", picker.messageProperty().get());

        assertTrue(use(fp8));
        assertEquals(ModelChoice.transformerOver(QWEN_FP8, GOOD), form.modelProperty().get().model());
        assertEquals("qwen_image_fp8_e4m3fn.safetensors + aaaa", form.modelProperty().get().name(),
                "the model area names the file and what it is combined with");
        assertEquals("Using qwen_image_fp8_e4m3fn.safetensors combined with the pipeline folder Qwen/Qwen-Image@main"
                + " (its text encoder, VAE and configs).", feedback.statusProperty().get());

        picker.combinationProperty().set(picker.combinations().get(1));
        assertTrue(picker.messageProperty().get().endsWith("combined with the ComfyUI text encoder"
                + " qwen_2.5_vl_7b.safetensors and VAE qwen_image_vae.safetensors."), picker.messageProperty().get());
        assertTrue(use(fp8));
        assertEquals(ModelChoice.singleFiles(QWEN_FP8, TEXT_ENCODER, VAE), form.modelProperty().get().model());
        assertEquals("qwen_image_fp8_e4m3fn.safetensors + qwen_2.5_vl_7b.safetensors + qwen_image_vae.safetensors",
                form.modelProperty().get().name());
    }

    @Test
    void aTransformerFileNothingCompletesSaysWhatIsMissingAndTextEncoderAndVaeFilesArePartsOnly() {
        picker.refresh();
        io.runAll();
        picker.selectedProperty().set(entry(2));
        assertTrue(picker.combinations().isEmpty());
        assertEquals("A Qwen-Image-Edit-2509 transformer file needs a Qwen-Image-Edit-2509 pipeline folder (its"
                + " processor and vision tower), and none was found; a ComfyUI text encoder and VAE alone run text to"
                + " image only. Add a folder or download a pipeline below.", picker.messageProperty().get(),
                "an Edit file is not told that a text encoder and VAE would do");
        ListedModel halfComfy = FakeModelLibrary.transformerFile("qwen_image_fp8_e4m3fn.safetensors", QWEN_FP8,
                "Qwen-Image", new ListedModel.Pairing(List.of(), COMFY, TEXT_ENCODER, null, false));
        assertEquals("A transformer file needs the rest of a pipeline, and none was found: no complete"
                + " Qwen-Image pipeline folder is listed; no VAE in the ComfyUI folder " + COMFY
                + ". Add a folder or download a pipeline below.", picker.whyNot(halfComfy));

        for (int i : new int[] {4, 5}) {
            picker.selectedProperty().set(entry(i));
            assertTrue(picker.combinations().isEmpty());
            assertEquals("Part of a pipeline, not a model alone: it runs when a transformer file of its ComfyUI"
                    + " folder is used with it.", picker.messageProperty().get());
            assertEquals(picker.messageProperty().get(), picker.runsHere(entry(i)));
            assertFalse(use(entry(i)));
        }
        assertTrue(studio.calls.stream().noneMatch(c -> c.startsWith("inspect")), "nothing was opened");
    }
}
