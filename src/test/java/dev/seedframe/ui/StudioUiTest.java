package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.Studio;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeView;
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
 * Issue 4 through the real window (headless Monocle) and the real engine on the embedded tiny model:
 * typing, generating, history, restoring a node, branching, reopening the project, languages.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioUiTest {

    @TempDir
    static Path dir;

    StudioWindow window;
    StudioViewModel vm;

    @Start
    void start(Stage stage) {
        window = StudioWindow.open(stage, StudioFixture.studio(dir.resolve(Long.toString(System.nanoTime()))),
                Locale.ENGLISH);
        vm = window.viewModel();
    }

    @Test
    void typedPromptAndSeedGenerateAnImageAndAHistoryNode(FxRobot robot) {
        assertTrue(robot.lookup("#tinyNotice").query().isVisible(), "the tiny-model notice is shown");
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "a lighthouse at dusk", "1234");
        // Chinese input goes through the same field
        robot.interact(() -> robot.lookup("#prompt").queryAs(TextArea.class).appendText("，海边的灯塔"));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        StudioFixture.awaitIdle(vm);

        assertEquals("", vm.errorProperty().get());
        RgbImage img = vm.image();
        assertNotNull(img, "the canvas shows the image");
        assertEquals(64, img.width());
        List<GenerationSummary> h = vm.history();
        assertEquals(1, h.size());
        assertEquals(1234, h.get(0).seed());
        assertEquals("a lighthouse at dusk，海边的灯塔", h.get(0).prompt());
        TreeView<?> tree = robot.lookup("#historyTree").queryAs(TreeView.class);
        assertEquals(1, tree.getRoot().getChildren().size());
        assertTrue(robot.lookup("#node-" + h.get(0).id()).tryQuery().isPresent(), "the tree shows the node");
        assertTrue(window.stage().getTitle().contains("test.seedframe"), window.stage().getTitle());
    }

    @Test
    void clickingAnOlderNodeRestoresItsSettingsAndGeneratingBranchesFromIt(FxRobot robot) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "first idea", "11");
        StudioFixture.runAndWait(robot, vm);
        long first = vm.selectedId();
        RgbImage firstImage = vm.image();

        StudioFixture.smallSettings(robot, vm, 72, 48, 3);
        StudioFixture.typePromptAndSeed(robot, "second idea", "22");
        StudioFixture.runAndWait(robot, vm);
        long second = vm.selectedId();
        assertEquals(first, vm.summary(second).parentId(), "generated from the selected node: a child");

        robot.clickOn("#node-" + first);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(first, vm.selectedId());
        assertEquals("first idea", vm.promptProperty().get());
        assertEquals("11", vm.seedTextProperty().get());
        assertEquals(2, vm.stepsProperty().get());
        assertEquals(64, vm.widthProperty().get());
        assertEquals(64, vm.heightProperty().get());
        assertEquals(firstImage, vm.image(), "its image is shown");

        StudioFixture.typePromptAndSeed(robot, "a branch", "33");
        StudioFixture.runAndWait(robot, vm);
        long branch = vm.selectedId();
        assertEquals(first, vm.summary(branch).parentId(), "a second child of the first node: a branch");
    }

    @Test
    void closingAndReopeningTheProjectShowsTheSameHistory(FxRobot robot) throws Exception {
        Path here = dir.resolve("reopen");
        Studio[] studio = {StudioFixture.studio(here)};
        Stage[] stage = new Stage[1];
        StudioWindow[] w = new StudioWindow[1];
        robot.interact(() -> {
            window.stage().close();
            stage[0] = new Stage();
            w[0] = StudioWindow.open(stage[0], studio[0], Locale.ENGLISH);
        });
        StudioViewModel v = w[0].viewModel();
        StudioFixture.smallSettings(robot, v, 64, 64, 2);
        robot.interact(() -> {
            v.promptProperty().set("kept forever");
            v.seedTextProperty().set("9");
        });
        robot.interact(v::generate);
        StudioFixture.awaitIdle(v);
        robot.interact(() -> v.seedTextProperty().set("10"));
        robot.interact(v::generate);
        StudioFixture.awaitIdle(v);
        List<GenerationSummary> before = List.copyOf(v.history());
        assertEquals(2, before.size());

        robot.interact(() -> {
            stage[0].close();
            stage[0] = new Stage();
            w[0] = StudioWindow.open(stage[0], StudioFixture.studio(here), Locale.ENGLISH);
        });
        StudioViewModel reopened = w[0].viewModel();
        assertEquals(before, List.copyOf(reopened.history()));
        assertEquals(before.get(1).id(), reopened.selectedId(), "the newest node is shown again");
        assertNotNull(reopened.image());
        robot.interact(() -> stage[0].close());
    }

    @Test
    void theWindowSwitchesToChineseAndKeepsTheWork(FxRobot robot) {
        robot.interact(() -> vm.promptProperty().set("一只穿着唐装的熊猫"));
        dev.seedframe.ui.view.StudioView first = window.view();
        robot.interact(() -> window.switchLanguage(Locale.SIMPLIFIED_CHINESE));
        assertEquals("生成", robot.lookup("#generate").queryButton().getText());
        assertEquals("一只穿着唐装的熊猫", robot.lookup("#prompt").queryAs(TextArea.class).getText());
        robot.interact(() -> window.switchLanguage(Locale.ENGLISH));
        assertEquals("Generate", robot.lookup("#generate").queryButton().getText());
        // the earlier views' keys left with them: one ] is one step, not three
        robot.clickOn("#canvas");
        double before = vm.brushSizeProperty().get();
        robot.type(KeyCode.CLOSE_BRACKET);
        assertEquals(Math.ceil(before * 1.15), vm.brushSizeProperty().get(), "one step per key after two switches");
        // and the replaced views no longer follow the model
        javafx.scene.control.Button oldGenerate = (javafx.scene.control.Button) first.root().lookup("#generate");
        robot.interact(() -> vm.modeProperty().set(dev.seedframe.ui.viewmodel.Mode.IMG2IMG));
        assertEquals("Generate", oldGenerate.getText(), "the first view was detached");
        robot.interact(() -> vm.modeProperty().set(dev.seedframe.ui.viewmodel.Mode.CREATE));
    }

    @Test
    void inChineseTheEnginesNotesAreWordedInChinese(FxRobot robot) {
        robot.interact(() -> window.switchLanguage(Locale.SIMPLIFIED_CHINESE));
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "海边的灯塔", "12");
        robot.interact(() -> vm.negativePromptProperty().set("")); // no negative prompt: the engine notes CFG is off
        StudioFixture.runAndWait(robot, vm);
        String status = vm.statusProperty().get();
        assertTrue(status.startsWith("已将 #"), status);
        assertTrue(status.contains("真 CFG 未启用：CFG 比例 4.0 需要反向提示词才会生效"), status);
        assertFalse(status.contains("True CFG is off"), status);
        robot.interact(() -> window.switchLanguage(Locale.ENGLISH));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSizePresetStaysChosenAndAnEditedSideTurnsItCustom(FxRobot robot) {
        javafx.scene.control.ComboBox<dev.seedframe.ui.viewmodel.SizePreset> combo =
                robot.lookup("#sizePreset").queryAs(javafx.scene.control.ComboBox.class);
        for (dev.seedframe.ui.viewmodel.SizePreset p : dev.seedframe.ui.viewmodel.SizePreset.QWEN_IMAGE) {
            robot.interact(() -> combo.getSelectionModel().select(p));
            assertEquals(p, vm.sizePresetProperty().get(), "preset kept after choosing " + p);
            assertEquals(p.width(), vm.widthProperty().get());
            assertEquals(p.height(), vm.heightProperty().get());
        }
        robot.interact(() -> combo.getSelectionModel().select(dev.seedframe.ui.viewmodel.SizePreset.MODEL_DEFAULT));
        assertEquals(dev.seedframe.ui.viewmodel.SizePreset.MODEL_DEFAULT, vm.sizePresetProperty().get());
        assertEquals(vm.modelProperty().get().suggestedSize(), vm.widthProperty().get());
        assertEquals(vm.modelProperty().get().suggestedSize(), vm.heightProperty().get());
        int before = vm.widthProperty().get();
        javafx.scene.control.Spinner<Integer> width = robot.lookup("#width").queryAs(javafx.scene.control.Spinner.class);
        robot.interact(() -> width.increment());
        assertEquals(before + vm.modelProperty().get().sizeMultiple(), vm.widthProperty().get(),
                "the arrows step by the model's size multiple");
        assertEquals("", vm.sizeErrorProperty().get());
        assertEquals(dev.seedframe.ui.viewmodel.SizePreset.CUSTOM, vm.sizePresetProperty().get());
        robot.interact(() -> {
            vm.widthProperty().set(1664);
            vm.heightProperty().set(928);
        });
        assertEquals(dev.seedframe.ui.viewmodel.SizePreset.QWEN_IMAGE.get(1), vm.sizePresetProperty().get(),
                "typing a preset's size selects that preset");
    }

    @Test
    @SuppressWarnings("unchecked")
    void ctrlEnterRunsWithTheNumberTypedButNotYetConfirmed(FxRobot robot) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "a typed width", "3");
        javafx.scene.control.Spinner<Integer> width = robot.lookup("#width").queryAs(javafx.scene.control.Spinner.class);
        robot.interact(() -> {
            width.getEditor().requestFocus();
            width.getEditor().setText("96"); // typed, not confirmed
        });
        robot.interact(() -> width.getEditor().setText(width.getEditor().getText() + "x")); // refused by the filter
        assertEquals("96", width.getEditor().getText());
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        StudioFixture.awaitIdle(vm);
        assertEquals("", vm.errorProperty().get());
        assertEquals(96, vm.image().width(), "the window showed 96: the image is 96 wide");
    }

    @Test
    void deletingAsksFirstSaysWhatHappensToTheChildrenAndReportsIt(FxRobot robot) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "to be deleted", "1");
        StudioFixture.runAndWait(robot, vm);
        long first = vm.selectedId();
        StudioFixture.typePromptAndSeed(robot, "its child", "2");
        StudioFixture.runAndWait(robot, vm);
        long child = vm.selectedId();
        robot.interact(() -> vm.select(first));

        robot.clickOn("#delete");
        javafx.scene.control.DialogPane pane = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        assertTrue(pane.getContentText().contains("Its child stays, moved up to its parent"), pane.getContentText());
        robot.clickOn("#cancelDelete");
        assertEquals(2, vm.history().size(), "cancelled: nothing deleted");

        robot.clickOn("#delete");
        robot.clickOn("#confirmDelete");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, vm.history().size());
        assertEquals(null, vm.summary(child).parentId(), "the child moved up to the root");
        assertEquals("Deleted #" + first + " from the project", vm.statusProperty().get());
    }

    @Test
    void starringShowsOnTheNodeAndOnTheButton(FxRobot robot) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "a keeper with a rather long prompt that runs past the edge of the history", "9");
        StudioFixture.runAndWait(robot, vm);
        long id = vm.selectedId();
        robot.clickOn("#star");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.summary(id).starred());
        javafx.scene.control.Button star = robot.lookup("#star").queryButton();
        assertEquals("mdi2s-star", ((org.kordamp.ikonli.javafx.FontIcon) star.getGraphic()).getIconLiteral());
        assertEquals("Remove the star", star.getTooltip().getText());
        assertTrue(robot.lookup("#node-" + id).lookup(".star").tryQuery().isPresent(), "the node shows its star");
        robot.clickOn("#star");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("mdi2s-star-outline", ((org.kordamp.ikonli.javafx.FontIcon) star.getGraphic()).getIconLiteral());
    }

    @Test
    void variantsAreOfferedAsTilesThePickedOneIsMarkedAndTheStripLeavesForOtherNodes(FxRobot robot) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "before the batch", "1");
        StudioFixture.runAndWait(robot, vm);
        long older = vm.selectedId();
        robot.interact(() -> vm.variantsProperty().set(3));
        StudioFixture.typePromptAndSeed(robot, "three at once", "40");
        StudioFixture.runAndWait(robot, vm);
        assertEquals(3, vm.variantResults().size());
        assertEquals(List.of(40L, 41L, 42L), vm.variantResults().stream().map(GenerationSummary::seed).toList(),
                "seed, seed+1, seed+2");
        long second = vm.variantResults().get(1).id();
        robot.clickOn("#variant-" + second);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(second, vm.selectedId());
        assertTrue(robot.lookup("#variant-" + second).query().getStyleClass().contains("picked"));
        assertEquals("41", vm.seedTextProperty().get(), "picking a variant restores its seed");

        robot.interact(() -> vm.select(older));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.variantResults().isEmpty(), "another node: the strip is gone");
        robot.interact(() -> vm.variantsProperty().set(1));
    }
}
