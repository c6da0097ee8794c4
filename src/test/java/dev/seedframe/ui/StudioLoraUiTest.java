package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.engine.SamplingPreset;
import dev.seedframe.service.LoraFiles;
import dev.seedframe.service.ModelChoice;
import dev.seedframe.service.ProgressListener;
import dev.seedframe.service.Studio;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.LoraFixtures;
import dev.seedframe.ui.viewmodel.LoraViewModel;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 13 item 5 through the real window, the real engine on the tiny model and a real project: a LoRA from the
 * user's LoRA folder added with a weight generates, the history row names it with its weight and the project records
 * it (file, SHA-256, weight, method); a file that is no LoRA is refused with the engine's message; a Lightning LoRA
 * applies its preset, which stays the person's to change.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioLoraUiTest {

    private static final String STYLE = "style_peft.safetensors";
    private static final String STYLE_ROW = "#lora-style_peft-safetensors";

    @TempDir
    static Path dir;

    Path home;
    Studio studio;
    StudioWindow window;
    StudioViewModel vm;
    final AnsweringChoosers choosers = new AnsweringChoosers();

    @Start
    void start(Stage stage) throws Exception {
        home = dir.resolve(Long.toString(System.nanoTime()));
        // the fixture's registry keeps the user's LoRA folder beside its models.json: home/loras
        Path userLoras = Files.createDirectories(home.resolve("loras"));
        Files.copy(LoraFixtures.lora(STYLE), userLoras.resolve(STYLE));
        studio = StudioFixture.studio(home);
        window = StudioFixture.window(stage, studio, choosers);
        vm = window.viewModel();
    }

    /** Scrolls the settings column to its foot, where the LoRA panel is. */
    private void showLoraPanel(FxRobot robot) {
        ScrollPane scroll = robot.lookup(".side-scroll").queryAs(ScrollPane.class);
        robot.interact(() -> scroll.setVvalue(scroll.getVmax()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Adds {@code file} through Add a LoRA file… (the chooser answered with it). */
    private void addByChooser(FxRobot robot, Path file) {
        choosers.open = List.of(file);
        showLoraPanel(robot);
        robot.clickOn("#addLoraFile");
        StudioFixture.settle(vm);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void aLoraAddedWithAWeightGeneratesAndTheHistoryRowNamesIt(FxRobot robot) throws Exception {
        StudioFixture.settle(vm);
        Path style = home.resolve("loras").resolve(STYLE).toAbsolutePath();
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "a quiet harbour", "3");

        // the user's LoRA folder's file, from the list
        showLoraPanel(robot);
        assertTrue(robot.lookup("#loraFolders").queryAs(Label.class).getText().contains(home.resolve("loras")
                .toAbsolutePath().toString()), "the panel says where it looks");
        robot.clickOn("#loraFiles");
        robot.clickOn(STYLE);
        robot.clickOn("#addLora");
        StudioFixture.settle(vm);
        Node row = robot.lookup(STYLE_ROW).query();
        String detected = robot.from(row).lookup(".hint").queryAs(Label.class).getText();
        assertTrue(detected.startsWith("diffusers/PEFT") && detected.contains(", rank "), detected);

        // its weight typed in the row's field
        Spinner<?> weight = robot.from(row).lookup(".lora-weight").queryAs(Spinner.class);
        robot.doubleClickOn(weight.getEditor()).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write("0.8").press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.8, vm.loras().rows().get(0).weightProperty().get());

        StudioFixture.runAndWait(robot, vm);
        long id = vm.history().history().get(0).id();
        Label loraLine = robot.from(robot.lookup("#node-" + id).queryAs(Node.class)).lookup(".node-loras")
                .queryAs(Label.class);
        assertEquals("lora: style_peft ×0.8", loraLine.getText());

        // the project records the file, its weight and method, and its SHA-256 in the model identity
        GenerationRecord record = studio.load(id);
        assertEquals(List.of(new LoraSpec(style.toString(), 0.8, LoraMethod.RUNTIME)), record.request().loras());
        assertEquals(List.of(sha256(style)), LoraFiles.recordedSha256s(record.model()));

        // a second node without the LoRA; then the LoRA node again, its file moved meanwhile: the panel shows the LoRA
        // found again by its SHA-256, with its weight
        showLoraPanel(robot);
        robot.clickOn(robot.from(robot.lookup(STYLE_ROW).queryAs(Node.class)).lookup(".lora-remove")
                .queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.loras().rows().isEmpty());
        robot.interact(() -> vm.run().generate()); // the banner may lie over the Generate button
        StudioFixture.awaitIdle(vm);
        long other = vm.history().history().stream().mapToLong(n -> n.id()).filter(n -> n != id).findFirst()
                .orElseThrow();
        Path moved = Files.move(style, Files.createDirectories(home.resolve("loras").resolve("kept"))
                .resolve(STYLE)).toAbsolutePath();
        robot.clickOn("#node-" + other);
        StudioFixture.settle(vm);
        assertTrue(vm.loras().rows().isEmpty(), "the other node has no LoRA");
        robot.clickOn("#node-" + id);
        StudioFixture.settle(vm);
        assertEquals(List.of(STYLE), vm.loras().rows().stream().map(r -> r.fileName()).toList());
        assertEquals(moved, vm.loras().rows().get(0).file());
        assertEquals(0.8, vm.loras().rows().get(0).weightProperty().get());
        assertEquals(List.of(new LoraSpec(moved.toString(), 0.8, LoraMethod.RUNTIME)), vm.form().loras());
        showLoraPanel(robot);
        assertTrue(robot.lookup(STYLE_ROW).tryQuery().isPresent(), "the panel shows its row");
    }

    @Test
    void aNodesMissingLoraStaysInThePanelAndGeneratingIsRefusedUntilItIsRemoved(FxRobot robot) throws Exception {
        StudioFixture.settle(vm);
        Path style = home.resolve("loras").resolve(STYLE).toAbsolutePath();
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "a quiet harbour", "3");
        addByChooser(robot, style);
        StudioFixture.runAndWait(robot, vm);
        long id = vm.history().history().get(0).id();
        showLoraPanel(robot);
        robot.clickOn(robot.from(robot.lookup(STYLE_ROW).queryAs(Node.class)).lookup(".lora-remove")
                .queryAs(Node.class));
        StudioFixture.runAndWait(robot, vm);
        long other = vm.history().history().stream().mapToLong(n -> n.id()).filter(n -> n != id).findFirst()
                .orElseThrow();
        Files.delete(style);

        robot.clickOn("#node-" + other);
        StudioFixture.settle(vm);
        robot.clickOn("#node-" + id);
        StudioFixture.settle(vm);
        assertEquals(List.of(STYLE), vm.loras().rows().stream().map(r -> r.fileName()).toList(),
                "the missing LoRA is a row of the panel");
        assertTrue(vm.loras().rows().get(0).isMissing());
        showLoraPanel(robot);
        Node row = robot.lookup(STYLE_ROW).query();
        String why = robot.from(row).lookup(".field-error").queryAs(Label.class).getText();
        assertTrue(why.startsWith("The LoRA " + STYLE + " of generation #" + id) && why.contains("is missing"), why);

        int nodes = vm.history().history().size();
        robot.clickOn("#generate");
        StudioFixture.settle(vm);
        assertEquals(nodes, vm.history().history().size(), "nothing runs without the LoRA");
        assertTrue(vm.feedback().errorProperty().get().contains("A LoRA of this node is missing: " + STYLE + "."),
                vm.feedback().errorProperty().get());

        showLoraPanel(robot);
        robot.clickOn(robot.from(robot.lookup(STYLE_ROW).queryAs(Node.class)).lookup(".lora-remove")
                .queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.loras().rows().isEmpty());
        robot.interact(() -> {
            vm.form().seedTextProperty().set("4"); // not the other node's request again
            vm.run().generate(); // as the Generate button does (the banner may lie over it)
        });
        StudioFixture.awaitIdle(vm);
        assertEquals(nodes + 1, vm.history().history().size(), "once removed, it runs: "
                + vm.feedback().errorProperty().get());
    }

    @Test
    void aRecordedWeightBeyondTheSliderIsShownAndKeptExactly(FxRobot robot) throws Exception {
        StudioFixture.settle(vm);
        Path style = home.resolve("loras").resolve(STYLE).toAbsolutePath();
        // a node the CLI could have made: weight 2.5, beyond the panel's slider
        LoraSpec strong = LoraSpec.runtime(style.toString(), 2.5);
        long id = studio.generate(ModelChoice.folder(Golden.tinyModel()), GenerationRequest.builder(
                PipelineKind.TEXT_TO_IMAGE).prompt("a quiet harbour").seed(5).steps(2).size(64, 64)
                .loras(List.of(strong)).build(), null, ProgressListener.NONE, new CancellationToken()).id();
        Path project = studio.projectPath();
        robot.interact(() -> vm.projects().openProject(project));
        StudioFixture.settle(vm);
        robot.clickOn("#node-" + id);
        StudioFixture.settle(vm);

        showLoraPanel(robot);
        Node row = robot.lookup(STYLE_ROW).query();
        Spinner<?> field = robot.from(row).lookup(".lora-weight").queryAs(Spinner.class);
        assertEquals("2.5", field.getEditor().getText(), "the field shows the weight as recorded");
        assertEquals(LoraViewModel.MAX_WEIGHT, robot.from(row).lookup(".lora-slider").queryAs(Slider.class)
                .getValue(), "the slider at its end");
        robot.interact(field::commitValue); // what leaving the field or generating does
        assertEquals(2.5, vm.loras().rows().get(0).weightProperty().get());
        assertEquals(List.of(strong), vm.form().loras(), "the next run uses the recorded weight");
    }

    @Test
    void aFileThatIsNoLoraIsRefusedWithTheEnginesMessage(FxRobot robot) throws Exception {
        StudioFixture.settle(vm);
        Path bad = Files.write(home.resolve("bad.safetensors"), "not a safetensors file".getBytes());
        addByChooser(robot, bad);
        String message = robot.lookup("#loraMessage").queryAs(Label.class).getText();
        assertTrue(message.startsWith("The LoRA file bad.safetensors (") && message.contains("is damaged or truncated,"
                + " or not a safetensors file"), message);
        assertTrue(!message.contains("Exception") && !message.contains("\tat "), "no stack trace: " + message);
        assertTrue(vm.loras().rows().isEmpty());
        assertEquals(List.of("Add a LoRA file… [LoRA files]"), choosers.titles);
        assertEquals(List.of(home.resolve("loras").toAbsolutePath()), choosers.startedIn,
                "the chooser starts in the user's LoRA folder");
    }

    @Test
    void aLightningLoraAppliesItsPresetAndThePersonCanStillChangeIt(FxRobot robot) throws Exception {
        StudioFixture.settle(vm);
        robot.interact(() -> {
            vm.form().stepsProperty().set(30);
            vm.form().cfgProperty().set(4);
        });
        addByChooser(robot, LoraFixtures.lora("lightning_4step.safetensors"));
        assertEquals(4, vm.form().stepsProperty().get());
        assertEquals(1.0, vm.form().cfgProperty().get());
        assertEquals(SamplingPreset.lightning(4).scheduler(), vm.form().schedulerProperty().get());
        assertTrue(robot.lookup("#loraNote").queryAs(Label.class).getText().startsWith("Lightning, 4 steps applied"));

        showLoraPanel(robot); // the row and the note made the column longer
        robot.clickOn("#loraModelScheduler");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, vm.form().schedulerProperty().get(), "back to the model's scheduler");
        assertEquals(30, vm.form().stepsProperty().get(), "the steps the preset replaced come back");
        assertEquals(4.0, vm.form().cfgProperty().get(), "the CFG the preset replaced comes back");
    }
}
