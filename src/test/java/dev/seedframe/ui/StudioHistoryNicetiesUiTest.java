package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.service.Studio;
import dev.seedframe.ui.view.Shortcut;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 12 item 7 through the real window: compare any two nodes (two picked, or Compare with… from a row's menu) and
 * Esc closes it; Help → Keyboard shortcuts lists every shortcut, and every key the menus answer is in it; the
 * language chosen is the next window's; the Delete key deletes the node picked in the history.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioHistoryNicetiesUiTest {

    @TempDir
    static Path dir;

    Path home;
    StudioWindow window;
    StudioViewModel vm;

    @Start
    void start(Stage stage) {
        home = dir.resolve(Long.toString(System.nanoTime()));
        window = StudioWindow.open(stage, StudioFixture.studio(home), Locale.ENGLISH);
        vm = window.viewModel();
    }

    /** Three imported pictures (no model runs), ids in order. */
    private List<Long> threeNodes(FxRobot robot) throws Exception {
        StudioFixture.settle(vm);
        Path folder = Files.createDirectories(home.resolve("in"));
        List<Path> files = List.of(Files.write(folder.resolve("a.png"), TestPictures.png()),
                Files.write(folder.resolve("b.jpg"), TestPictures.jpegTurned()),
                Files.write(folder.resolve("c.png"), TestPictures.png16()));
        robot.interact(() -> vm.pictures().importFiles(files));
        StudioFixture.settle(vm);
        return vm.history().history().stream().map(s -> s.id()).toList();
    }

    /**
     * Opens a history row's menu as a right click does on a desktop: Monocle's headless screen turns no mouse button
     * into a context-menu request, so the request the platform would send is sent to the row.
     */
    private void openRowMenu(FxRobot robot, long id) {
        javafx.scene.Node row = robot.lookup("#node-" + id).query();
        robot.interact(() -> {
            javafx.geometry.Bounds b = row.localToScreen(row.getBoundsInLocal());
            row.fireEvent(new javafx.scene.input.ContextMenuEvent(javafx.scene.input.ContextMenuEvent
                    .CONTEXT_MENU_REQUESTED, 10, 10, b.getMinX() + 10, b.getMinY() + 10, false,
                    new javafx.scene.input.PickResult(row, b.getMinX() + 10, b.getMinY() + 10)));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<Window> others() {
        List<Window> out = new ArrayList<>();
        for (Window w : Window.getWindows()) {
            if (w != window.stage() && w.isShowing()) {
                out.add(w);
            }
        }
        return out;
    }

    @Test
    void anyTwoNodesCompareAndEscClosesTheComparison(FxRobot robot) throws Exception {
        List<Long> ids = threeNodes(robot);
        robot.clickOn("#node-" + ids.get(0));
        robot.press(KeyCode.CONTROL).clickOn("#node-" + ids.get(2)).release(KeyCode.CONTROL);
        StudioFixture.settle(vm);
        assertEquals(List.of(ids.get(0), ids.get(2)), vm.history().picked());
        robot.clickOn("#compare");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, others().size(), "the comparison opened");
        Stage compare = (Stage) others().get(0);
        assertEquals(List.of("#" + ids.get(0), "#" + ids.get(2)), robot.from(compare.getScene().getRoot())
                .lookup(".caption").queryAllAs(Label.class).stream().map(Label::getText).toList());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(others().isEmpty(), "Esc closed it");

        // Compare with… from a row's menu, then a click on the other node
        openRowMenu(robot, ids.get(0));
        robot.clickOn("Compare with… (then click the other node)");
        assertEquals(ids.get(0), vm.history().comparingFromProperty().get());
        robot.clickOn("#node-" + ids.get(2));
        StudioFixture.settle(vm);
        assertEquals(1, others().size());
        Stage second = (Stage) others().get(0);
        assertEquals(List.of("#" + ids.get(0), "#" + ids.get(2)), robot.from(second.getScene().getRoot())
                .lookup(".caption").queryAllAs(Label.class).stream().map(Label::getText).toList());
        robot.interact(second::close);

        // Esc while choosing: no comparison waits
        robot.clickOn("#node-" + ids.get(1));
        StudioFixture.settle(vm);
        openRowMenu(robot, ids.get(0));
        robot.clickOn("Compare with… (then click the other node)");
        robot.clickOn("#canvas").press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, vm.history().comparingFromProperty().get());
    }

    @Test
    void helpListsEveryShortcutAndEveryMenuKeyIsAmongThem(FxRobot robot) {
        StudioFixture.settle(vm);
        robot.clickOn("#canvas").press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        GridPane grid = robot.lookup("#shortcuts").queryAs(GridPane.class);
        assertEquals(2 * Shortcut.values().length, grid.getChildren().size(), "keys and words for each");
        Label paste = robot.lookup("#shortcut-PASTE").queryAs(Label.class);
        assertEquals(new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN).getDisplayText(),
                paste.getText());
        robot.interact(() -> ((Stage) grid.getScene().getWindow()).close());

        List<KeyCombination> listed = Arrays.stream(Shortcut.values()).map(Shortcut::combination).toList();
        MenuBar bar = (MenuBar) window.view().root().lookup("#menuBar");
        ArrayDeque<MenuItem> items = new ArrayDeque<>(bar.getMenus());
        int accelerators = 0;
        while (!items.isEmpty()) {
            MenuItem mi = items.poll();
            if (mi.getAccelerator() != null) {
                assertTrue(listed.contains(mi.getAccelerator()), mi.getText() + " (" + mi.getAccelerator()
                        .getDisplayText() + ") is missing from Help → Keyboard shortcuts");
                accelerators++;
            }
            if (mi instanceof Menu m) {
                items.addAll(m.getItems());
            }
        }
        assertTrue(accelerators >= 12, "the menus' keys: " + accelerators);
    }

    @Test
    void theDeleteKeyDeletesInTheHistoryAndTheLanguageChosenIsTheNextWindows(FxRobot robot) throws Exception {
        List<Long> ids = threeNodes(robot);
        robot.clickOn("#node-" + ids.get(1)).press(KeyCode.DELETE).release(KeyCode.DELETE);
        StudioFixture.settle(vm);
        assertEquals(List.of(ids.get(0), ids.get(2)), vm.history().history().stream().map(s -> s.id()).toList());

        robot.interact(() -> window.switchLanguage(Locale.SIMPLIFIED_CHINESE));
        StudioFixture.settle(vm);
        robot.interact(() -> window.stage().close());
        StudioFixture.settle(vm);
        Studio next = StudioFixture.studio(home);
        StudioWindow[] again = new StudioWindow[1];
        robot.interact(() -> again[0] = StudioWindow.open(new Stage(), next, Locale.ENGLISH));
        StudioFixture.settle(again[0].viewModel());
        assertEquals(Locale.SIMPLIFIED_CHINESE, again[0].viewModel().i18n().locale());
        MenuBar bar = (MenuBar) again[0].view().root().lookup("#menuBar");
        assertEquals("文件", bar.getMenus().get(0).getText());
        assertEquals(2, again[0].viewModel().history().history().size(), "the deleted node left with the window");
        assertFalse(again[0].viewModel().history().canUndoDelete());
        robot.interact(() -> again[0].stage().close());
    }
}
