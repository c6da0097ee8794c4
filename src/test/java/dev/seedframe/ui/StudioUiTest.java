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

        assertEquals("", vm.feedback().errorProperty().get());
        RgbImage img = vm.canvas().image();
        assertNotNull(img, "the canvas shows the image");
        assertEquals(64, img.width());
        List<GenerationSummary> h = vm.history().history();
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
        long first = vm.history().selectedId();
        RgbImage firstImage = vm.canvas().image();

        StudioFixture.smallSettings(robot, vm, 72, 48, 3);
        StudioFixture.typePromptAndSeed(robot, "second idea", "22");
        StudioFixture.runAndWait(robot, vm);
        long second = vm.history().selectedId();
        assertEquals(first, vm.history().summary(second).parentId(), "generated from the selected node: a child");

        robot.clickOn("#node-" + first);
        StudioFixture.settle(vm);
        assertEquals(first, vm.history().selectedId());
        assertEquals("first idea", vm.form().promptProperty().get());
        assertEquals("11", vm.form().seedTextProperty().get());
        assertEquals(2, vm.form().stepsProperty().get());
        assertEquals(64, vm.form().widthProperty().get());
        assertEquals(64, vm.form().heightProperty().get());
        assertEquals(firstImage, vm.canvas().image(), "its image is shown");

        StudioFixture.typePromptAndSeed(robot, "a branch", "33");
        StudioFixture.runAndWait(robot, vm);
        long branch = vm.history().selectedId();
        assertEquals(first, vm.history().summary(branch).parentId(), "a second child of the first node: a branch");
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
            v.form().promptProperty().set("kept forever");
            v.form().seedTextProperty().set("9");
        });
        robot.interact(v.run()::generate);
        StudioFixture.awaitIdle(v);
        robot.interact(() -> v.form().seedTextProperty().set("10"));
        robot.interact(v.run()::generate);
        StudioFixture.awaitIdle(v);
        List<GenerationSummary> before = List.copyOf(v.history().history());
        assertEquals(2, before.size());

        robot.interact(() -> {
            stage[0].close();
            stage[0] = new Stage();
            w[0] = StudioWindow.open(stage[0], StudioFixture.studio(here), Locale.ENGLISH);
        });
        StudioViewModel reopened = w[0].viewModel();
        StudioFixture.settle(reopened);
        assertEquals(before, List.copyOf(reopened.history().history()));
        assertEquals(before.get(1).id(), reopened.history().selectedId(), "the newest node is shown again");
        assertNotNull(reopened.canvas().image());
        robot.interact(() -> stage[0].close());
    }

    @Test
    void theWindowSwitchesToChineseAndKeepsTheWork(FxRobot robot) {
        robot.interact(() -> vm.form().promptProperty().set("一只穿着唐装的熊猫"));
        dev.seedframe.ui.view.StudioView first = window.view();
        robot.interact(() -> window.switchLanguage(Locale.SIMPLIFIED_CHINESE));
        assertEquals("生成", robot.lookup("#generate").queryButton().getText());
        assertEquals("一只穿着唐装的熊猫", robot.lookup("#prompt").queryAs(TextArea.class).getText());
        robot.interact(() -> window.switchLanguage(Locale.ENGLISH));
        assertEquals("Generate", robot.lookup("#generate").queryButton().getText());
        // the earlier views' keys left with them: one ] is one step, not three
        robot.clickOn("#canvas");
        double before = vm.canvas().brushSizeProperty().get();
        robot.type(KeyCode.CLOSE_BRACKET);
        assertEquals(Math.ceil(before * 1.15), vm.canvas().brushSizeProperty().get(), "one step per key after two switches");
        // and the replaced views no longer follow the model
        javafx.scene.control.Button oldGenerate = (javafx.scene.control.Button) first.root().lookup("#generate");
        robot.interact(() -> vm.form().modeProperty().set(dev.seedframe.ui.viewmodel.Mode.IMG2IMG));
        assertEquals("Generate", oldGenerate.getText(), "the first view was detached");
        robot.interact(() -> vm.form().modeProperty().set(dev.seedframe.ui.viewmodel.Mode.CREATE));
    }

    @Test
    void inChineseTheEnginesNotesAreWordedInChinese(FxRobot robot) {
        robot.interact(() -> window.switchLanguage(Locale.SIMPLIFIED_CHINESE));
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "海边的灯塔", "12");
        robot.interact(() -> vm.form().negativePromptProperty().set("")); // no negative prompt: the engine notes CFG is off
        StudioFixture.runAndWait(robot, vm);
        String status = vm.feedback().statusProperty().get();
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
            assertEquals(p, vm.form().sizePresetProperty().get(), "preset kept after choosing " + p);
            assertEquals(p.width(), vm.form().widthProperty().get());
            assertEquals(p.height(), vm.form().heightProperty().get());
        }
        robot.interact(() -> combo.getSelectionModel().select(dev.seedframe.ui.viewmodel.SizePreset.MODEL_DEFAULT));
        assertEquals(dev.seedframe.ui.viewmodel.SizePreset.MODEL_DEFAULT, vm.form().sizePresetProperty().get());
        assertEquals(vm.form().modelProperty().get().suggestedSize(), vm.form().widthProperty().get());
        assertEquals(vm.form().modelProperty().get().suggestedSize(), vm.form().heightProperty().get());
        int before = vm.form().widthProperty().get();
        javafx.scene.control.Spinner<Integer> width = robot.lookup("#width").queryAs(javafx.scene.control.Spinner.class);
        robot.interact(() -> width.increment());
        assertEquals(before + vm.form().modelProperty().get().sizeMultiple(), vm.form().widthProperty().get(),
                "the arrows step by the model's size multiple");
        assertEquals("", vm.form().sizeErrorProperty().get());
        assertEquals(dev.seedframe.ui.viewmodel.SizePreset.CUSTOM, vm.form().sizePresetProperty().get());
        robot.interact(() -> {
            vm.form().widthProperty().set(1664);
            vm.form().heightProperty().set(928);
        });
        assertEquals(dev.seedframe.ui.viewmodel.SizePreset.QWEN_IMAGE.get(1), vm.form().sizePresetProperty().get(),
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
        assertEquals("", vm.feedback().errorProperty().get());
        assertEquals(96, vm.canvas().image().width(), "the window showed 96: the image is 96 wide");
    }

    /** Issue 12 item 7: a delete is undone with Ctrl+Z; the project loses the node when another one is opened. */
    @Test
    void deletingMovesTheChildrenUpCtrlZBringsItBackAndTheProjectLosesItOnlyLater(FxRobot robot) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "to be deleted", "1");
        StudioFixture.runAndWait(robot, vm);
        long first = vm.history().selectedId();
        StudioFixture.typePromptAndSeed(robot, "its child", "2");
        StudioFixture.runAndWait(robot, vm);
        long child = vm.history().selectedId();
        robot.interact(() -> vm.history().select(first));
        StudioFixture.settle(vm);

        robot.clickOn("#delete");
        StudioFixture.settle(vm);
        assertEquals(1, vm.history().history().size());
        assertEquals(null, vm.history().summary(child).parentId(), "the child moved up to the root");
        assertTrue(vm.feedback().statusProperty().get().startsWith("Deleted #" + first + ": Ctrl+Z brings it back"),
                vm.feedback().statusProperty().get());
        assertTrue(robot.lookup("#undoDelete").query().isVisible(), "the history offers the undo");

        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        StudioFixture.settle(vm);
        assertEquals(2, vm.history().history().size(), "Ctrl+Z right after the delete brings the node back");
        assertEquals(first, vm.history().summary(child).parentId());
        assertEquals(first, vm.history().selectedId());
        assertFalse(robot.lookup("#undoDelete").query().isVisible());

        // deleted again, then another project opened: now it leaves the project for good
        robot.clickOn("#node-" + first);
        StudioFixture.settle(vm);
        robot.clickOn("#delete");
        StudioFixture.settle(vm);
        Path project = vm.projects().recentProjects().get(0);
        Path other = dir.resolve(System.nanoTime() + "-other.seedframe");
        robot.interact(() -> vm.projects().newProject(other));
        StudioFixture.settle(vm);
        robot.interact(() -> vm.projects().openProject(project));
        StudioFixture.settle(vm);
        assertEquals(List.of(child), vm.history().history().stream().map(GenerationSummary::id).toList());
        assertFalse(vm.history().canUndoDelete(), "the trash was emptied into the project");
    }

    @Test
    void starringShowsOnTheNodeAndOnTheButton(FxRobot robot) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "a keeper with a rather long prompt that runs past the edge of the history", "9");
        StudioFixture.runAndWait(robot, vm);
        long id = vm.history().selectedId();
        robot.clickOn("#star");
        StudioFixture.settle(vm);
        assertTrue(vm.history().summary(id).starred());
        javafx.scene.control.Button star = robot.lookup("#star").queryButton();
        assertEquals("mdi2s-star", ((org.kordamp.ikonli.javafx.FontIcon) star.getGraphic()).getIconLiteral());
        assertEquals("Remove the star", star.getTooltip().getText());
        assertTrue(robot.lookup("#node-" + id).lookup(".star").tryQuery().isPresent(), "the node shows its star");
        robot.clickOn("#star");
        StudioFixture.settle(vm);
        assertEquals("mdi2s-star-outline", ((org.kordamp.ikonli.javafx.FontIcon) star.getGraphic()).getIconLiteral());
    }

    @Test
    void variantsAreOfferedAsTilesThePickedOneIsMarkedAndTheStripLeavesForOtherNodes(FxRobot robot) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "before the batch", "1");
        StudioFixture.runAndWait(robot, vm);
        long older = vm.history().selectedId();
        robot.interact(() -> vm.form().variantsProperty().set(3));
        StudioFixture.typePromptAndSeed(robot, "three at once", "40");
        StudioFixture.runAndWait(robot, vm);
        assertEquals(3, vm.history().variantResults().size());
        assertEquals(List.of(40L, 41L, 42L), vm.history().variantResults().stream().map(GenerationSummary::seed).toList(),
                "seed, seed+1, seed+2");
        long second = vm.history().variantResults().get(1).id();
        robot.clickOn("#variant-" + second);
        StudioFixture.settle(vm);
        assertEquals(second, vm.history().selectedId());
        assertTrue(robot.lookup("#variant-" + second).query().getStyleClass().contains("picked"));
        assertEquals("41", vm.form().seedTextProperty().get(), "picking a variant restores its seed");

        robot.interact(() -> vm.history().select(older));
        StudioFixture.settle(vm);
        assertTrue(vm.history().variantResults().isEmpty(), "another node: the strip is gone");
        robot.interact(() -> vm.form().variantsProperty().set(1));
    }

    /** Issue 12 item 6: the form shows the settings of the node on the canvas, whatever put it there. */
    @Test
    void theFormAlwaysShowsTheSettingsOfTheNodeOnTheCanvas(FxRobot robot) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        StudioFixture.typePromptAndSeed(robot, "keep the seed", "42");
        StudioFixture.runAndWait(robot, vm);
        long kept = vm.history().selectedId();

        // a click on the node the canvas already shows puts its settings back
        StudioFixture.typePromptAndSeed(robot, "typed but not run", "9");
        robot.clickOn("#node-" + kept);
        StudioFixture.settle(vm);
        assertEquals(kept, vm.history().selectedId());
        assertEquals("42", vm.form().seedTextProperty().get());
        assertEquals("keep the seed", vm.form().promptProperty().get());

        // after a delete the canvas shows the parent, and so does the form
        StudioFixture.typePromptAndSeed(robot, "a child", "7");
        StudioFixture.runAndWait(robot, vm);
        assertEquals("7", vm.form().seedTextProperty().get());
        robot.clickOn("#delete");
        StudioFixture.settle(vm);
        assertEquals(kept, vm.history().selectedId());
        assertEquals(vm.history().cachedImageOf(kept), vm.canvas().image());
        assertEquals("42", vm.form().seedTextProperty().get());
        assertEquals("keep the seed", vm.form().promptProperty().get());

        // after opening a project the canvas shows its newest node, and so does the form
        Path copy = dir.resolve(System.nanoTime() + "-copy.seedframe");
        robot.interact(() -> vm.projects().saveProjectAs(copy));
        StudioFixture.settle(vm);
        StudioFixture.typePromptAndSeed(robot, "the form of the moment", "9");
        robot.interact(() -> vm.projects().openProject(copy));
        StudioFixture.settle(vm);
        assertEquals(kept, vm.history().selectedId());
        assertEquals("42", vm.form().seedTextProperty().get(), "not the 9 typed before opening");
        assertEquals("keep the seed", vm.form().promptProperty().get());
    }
}
