package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.service.ListedModel;
import dev.seedframe.service.ModelChoice;
import dev.seedframe.service.ModelDiscovery;
import dev.seedframe.service.ModelFolders;
import dev.seedframe.service.ModelLibrary;
import dev.seedframe.service.PreferencesStore;
import dev.seedframe.service.PromptScreen;
import dev.seedframe.service.Studio;
import dev.seedframe.service.StudioGpu;
import dev.seedframe.testing.FakeHub;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.ModelFixtures;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 14 in the studio: the model picker lists a Hugging Face cache (a complete and an interrupted snapshot of the
 * tiny pipelines) and a ComfyUI folder of single files; picking the complete snapshot makes it the model and a
 * generation records it as its source; a ComfyUI transformer file picked combined with that snapshot generates and
 * records the file as its transformer's source; a download from a local server speaking the Hub's API shows its progress, is
 * cancelled half-way, shows as incomplete with Resume, and resumes (with a Range request) to a complete snapshot.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioModelPickerUiTest {

    static final String COMPLETE = "0123456789abcdef0123456789abcdef01234567";
    static final String PARTIAL = "89abcdef0123456789abcdef0123456789abcdef";
    static final String DOWNLOADED = "2512abcdef0123456789abcdef0123456789abcd";

    @TempDir
    static Path dir;

    Path home;
    Path cache;
    Path snapshot;
    FakeHub hub;
    Studio studio;
    StudioWindow window;
    StudioViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createDirectories(dir.resolve(Long.toString(System.nanoTime())));
        cache = home.resolve("hf").resolve("hub");
        snapshot = ModelFixtures.hubSnapshot(cache, "Qwen/Qwen-Image", COMPLETE, "main", Golden.tinyModel());
        Path half = ModelFixtures.hubSnapshot(cache, "Qwen/Qwen-Image-Edit", PARTIAL, null, Golden.tinyEditModel());
        ModelFixtures.interrupt(half, "transformer/diffusion_pytorch_model-00002-of-00005.safetensors");
        ModelFixtures.comfyUi(home.resolve("ComfyUI"));
        ModelFolders folders = new ModelFolders(home.resolve("model-folders.txt"));
        folders.add(ModelFolders.Kind.COMFYUI, home.resolve("ComfyUI"));
        hub = new FakeHub(Golden.tinyModel(), "Qwen/Qwen-Image-2512", DOWNLOADED, Map.of());
        ModelLibrary library = new ModelLibrary(List.of(cache), folders, new PreferencesStore(home),
                new HubConfig(hub.endpoint(), null, null, cache, Duration.ofSeconds(20), 4),
                () -> new ModelDiscovery.Budget(24L << 30, false, "this computer's memory"));
        studio = StudioFixture.studio(home, PromptScreen.none(), library, StudioGpu.NONE);
        window = StudioWindow.open(stage, studio, Locale.ENGLISH);
        vm = window.viewModel();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private static void await(String what, BooleanSupplier done) {
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, done::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("timed out waiting for " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Stage openPicker(FxRobot robot) {
        robot.clickOn("#pickModel");
        WaitForAsyncUtils.waitForFxEvents();
        await("the search", () -> !vm.picker().searchingProperty().get() && !vm.picker().models().isEmpty());
        Stage picker = (Stage) robot.lookup("#modelList").query().getScene().getWindow();
        assertTrue(picker.isShowing());
        return picker;
    }

    /** The list's cell showing {@code name}, scrolled into view. */
    private ListCell<?> cell(FxRobot robot, String name) {
        ListedModel m = vm.picker().models().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        ListView<ListedModel> list = robot.lookup("#modelList").query();
        robot.interact(() -> list.scrollTo(m));
        WaitForAsyncUtils.waitForFxEvents();
        return robot.from(list).lookup((Node n) -> n instanceof ListCell<?> c && m.equals(c.getItem())).query();
    }

    /** Clicks the list's cell showing {@code name}. */
    private void clickEntry(FxRobot robot, String name) {
        ListCell<?> c = cell(robot, name);
        robot.sleep(700); // not a double click with the previous click (that would use the entry)
        robot.clickOn(c);
        assertEquals(name, vm.picker().selectedProperty().get().name());
    }

    private String cellText(FxRobot robot, String name) {
        return robot.from(cell(robot, name)).lookup((Node n) -> n instanceof Label).queryAllAs(Label.class).stream()
                .map(Label::getText).reduce("", (a, b) -> a + "\n" + b);
    }

    @Test
    void thePickerListsTheCacheAndComfyUiAndAPickedSnapshotGeneratesAndIsRecordedAsTheSource(FxRobot robot)
            throws Exception {
        Stage picker = openPicker(robot);
        List<String> names = vm.picker().models().stream().map(ListedModel::name).toList();
        assertEquals(List.of("Qwen/Qwen-Image@main", "Qwen/Qwen-Image-Edit@" + PARTIAL,
                "qwen_image_edit_2509_tiny_fp8_e4m3fn.safetensors", "qwen_image_tiny_bf16.safetensors",
                "qwen_image_tiny_fp8_scaled.safetensors", "qwen_2.5_vl_tiny.safetensors",
                "qwen_image_vae_tiny.safetensors"), names);
        String complete = cellText(robot, "Qwen/Qwen-Image@main");
        assertTrue(complete.contains("Qwen-Image  ·  f32  ·  ") && complete.contains("complete")
                && complete.contains("Runs here with the memory mode resident"), complete);
        String half = cellText(robot, "Qwen/Qwen-Image-Edit@" + PARTIAL);
        assertTrue(half.contains("INCOMPLETE") && half.contains("diffusion_pytorch_model-00002-of-00005.safetensors:"
                + " its blob is missing"), half);
        String fp8 = cellText(robot, "qwen_image_edit_2509_tiny_fp8_e4m3fn.safetensors");
        assertTrue(fp8.contains("transformer of Qwen-Image-Edit-2509  ·  fp8 e4m3fn") && fp8.contains("needs a"
                + " Qwen-Image-Edit-2509 pipeline folder (its processor and vision tower), and none was found"),
                "an Edit file is not run as Qwen-Image with the ComfyUI text encoder and VAE: " + fp8);
        assertTrue(robot.lookup("#pickerFolders").queryListView().getItems().size() >= 2, "the cache and ComfyUI");

        // neither the interrupted snapshot nor a text encoder file can be used; the first can be resumed
        clickEntry(robot, "Qwen/Qwen-Image-Edit@" + PARTIAL);
        assertTrue(robot.lookup("#pickerUse").queryButton().isDisabled());
        assertFalse(robot.lookup("#pickerResume").queryButton().isDisabled());
        assertEquals("This download is not finished: Resume continues it.",
                robot.lookup("#pickerMessage").queryAs(Label.class).getText());
        clickEntry(robot, "qwen_2.5_vl_tiny.safetensors");
        assertTrue(robot.lookup("#pickerUse").queryButton().isDisabled());
        assertTrue(robot.lookup("#pickerMessage").queryAs(Label.class).getText().startsWith("Part of a pipeline"));
        clickEntry(robot, "qwen_image_edit_2509_tiny_fp8_e4m3fn.safetensors");
        assertTrue(robot.lookup("#pickerUse").queryButton().isDisabled(), "an Edit file with no Edit folder");

        clickEntry(robot, "Qwen/Qwen-Image@main");
        robot.clickOn("#pickerUse");
        StudioFixture.settle(vm); // the model is inspected on the io thread, then set on the FX thread
        assertFalse(picker.isShowing(), "the picker closes once a model is chosen");
        assertEquals(snapshot, vm.form().modelProperty().get().folder());
        assertTrue(vm.feedback().statusProperty().get().startsWith("Using Qwen/Qwen-Image@main"),
                vm.feedback().statusProperty().get());

        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        robot.interact(() -> {
            vm.form().promptProperty().set("a kite over the dunes");
            vm.form().seedTextProperty().set("5");
        });
        StudioFixture.runAndWait(robot, vm);
        GenerationRecord r = studio.load(vm.history().selectedId());
        assertEquals("Qwen/Qwen-Image", r.modelSource().repoId());
        assertEquals(COMPLETE, r.modelSource().commit());
        assertEquals("main", r.modelSource().revision());
    }

    @Test
    void aTransformerFileCombinedWithTheSnapshotGeneratesAndTheProjectRecordsTheSingleFile(FxRobot robot)
            throws Exception {
        Stage picker = openPicker(robot);
        String name = "qwen_image_tiny_fp8_scaled.safetensors";
        clickEntry(robot, name);
        ComboBox<?> with = robot.lookup("#pickerCombination").queryAs(ComboBox.class);
        assertTrue(with.isVisible());
        assertEquals(2, with.getItems().size(), "the snapshot of its family, then the ComfyUI text encoder and VAE");
        assertEquals("Use this model runs " + name + " combined with the pipeline folder Qwen/Qwen-Image@main (its"
                + " text encoder, VAE and configs).", robot.lookup("#pickerMessage").queryAs(Label.class).getText());
        assertFalse(robot.lookup("#pickerUse").queryButton().isDisabled());
        robot.clickOn("#pickerUse");
        StudioFixture.settle(vm); // the model is inspected on the io thread, then set on the FX thread
        assertFalse(picker.isShowing(), "the picker closes once a model is chosen");
        Path file = home.resolve("ComfyUI/models/diffusion_models").resolve(name);
        assertEquals(ModelChoice.transformerOver(file, snapshot), vm.form().modelProperty().get().model());
        assertEquals(name + " + Qwen/Qwen-Image", robot.lookup("#modelName").queryAs(Label.class).getText(),
                "the model area names the file and what it is combined with");

        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        robot.interact(() -> {
            vm.form().promptProperty().set("a kite over the dunes");
            vm.form().seedTextProperty().set("5");
        });
        StudioFixture.runAndWait(robot, vm);
        assertEquals("", vm.feedback().errorProperty().get());
        assertEquals(1, studio.history().size(), "the history has the image");
        GenerationRecord r = studio.load(vm.history().selectedId());
        assertEquals(studio.history().get(0).id(), r.id());
        assertEquals("Qwen/Qwen-Image", r.modelSource().repoId(), "the rest came from the snapshot");
        assertEquals(COMPLETE, r.modelSource().commit());
        assertEquals(file.toAbsolutePath().normalize().toString(), r.modelSource().files().transformer(),
                "the project records the single file, as the command line's --transformer does");
        assertNull(r.modelSource().files().textEncoder());
    }

    @Test
    void aDownloadShowsItsProgressIsCancelledShowsIncompleteAndResumesToACompleteModel(FxRobot robot) {
        openPicker(robot);
        hub.throttle(4_000_000); // about ten seconds for the tiny pipeline: time to see it and cancel it
        AtomicLong most = new AtomicLong();
        robot.interact(() -> vm.download().progressProperty().addListener((o, a, b) -> most.accumulateAndGet(
                (long) (b.doubleValue() * 1000), Math::max)));
        robot.clickOn("#downloadRepo").eraseText(vm.download().repoProperty().get().length())
                .write("Qwen/Qwen-Image-2512");
        robot.clickOn("#downloadStart");
        await("a third of the download", () -> vm.download().lastProgress().total() > 0
                && vm.download().lastProgress().done() > vm.download().lastProgress().total() / 3);
        String progress = robot.lookup("#downloadProgressText").queryAs(Label.class).getText();
        assertTrue(progress.matches("(?s)[0-9.]+ MB of [0-9.]+ MB \\([0-9]+%\\)  ·  [0-9.]+ [kM]B/s  ·  .* left  ·  file"
                + " [0-9]+ of [0-9]+\n.*"), progress);
        robot.clickOn("#downloadCancel");
        await("the cancel", () -> !vm.download().isRunning());
        assertTrue(vm.download().resultProperty().get().startsWith("Cancelled. What arrived is kept"),
                vm.download().resultProperty().get());
        assertEquals("", vm.feedback().errorProperty().get());

        String name = "Qwen/Qwen-Image-2512@main";
        await("the interrupted download in the list", () -> vm.picker().models().stream()
                .anyMatch(m -> m.name().equals(name)));
        ListedModel cut = vm.picker().models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        assertFalse(cut.complete());
        assertNotNull(cut.resume());
        assertTrue(cellText(robot, name).contains("INCOMPLETE"), cellText(robot, name));
        long before = most.get();
        assertTrue(before > 300 && before < 1000, "progress was shown: " + before + "‰");

        hub.throttle(0);
        clickEntry(robot, name);
        robot.clickOn("#pickerResume");
        await("the resumed download", () -> !vm.download().isRunning()
                && vm.download().resultProperty().get().startsWith("Downloaded"));
        assertTrue(vm.download().resultProperty().get().startsWith("Downloaded Qwen/Qwen-Image-2512 (commit 2512abc)"),
                vm.download().resultProperty().get());
        assertTrue(hub.seen().stream().anyMatch(s -> s.range() != null && s.range().startsWith("bytes=")
                && !s.range().equals("bytes=0-")), "the cut file resumed with Range: " + hub.seen());
        await("the list searched again", () -> vm.picker().selectedProperty().get() != null
                && vm.picker().selectedProperty().get().name().equals(name));
        ListedModel done = vm.picker().selectedProperty().get();
        assertTrue(done.complete(), done.problems().toString());
        assertEquals("Qwen-Image-2512", done.model());
        Button use = robot.lookup("#pickerUse").queryButton();
        assertFalse(use.isDisabled());
    }
}
