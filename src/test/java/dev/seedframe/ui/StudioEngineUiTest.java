package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.service.Studio;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 7 in the studio: the Engine menu chooses the device and the memory mode; asking for a GPU on a
 * machine without one says so and runs on the CPU; the generation records the memory mode it ran with.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioEngineUiTest {

    @TempDir
    static Path dir;

    Studio studio;
    StudioWindow window;
    StudioViewModel vm;

    Path home;

    @Start
    void start(Stage stage) {
        home = dir.resolve(Long.toString(System.nanoTime()));
        studio = StudioFixture.studio(home);
        window = StudioWindow.open(stage, studio, Locale.ENGLISH);
        vm = window.viewModel();
    }

    @AfterEach
    void backToTheDefaults() throws Exception {
        // the fixture shares one model service across the UI tests of this JVM
        studio.setEngine(new Studio.EngineChoice("cpu", "resident", "f32"));
    }

    private void choose(FxRobot robot, String id) {
        MenuBar bar = robot.lookup("#menuBar").query();
        robot.interact(() -> find(bar.getMenus().toArray(new Menu[0]), id).fire());
    }

    private static MenuItem find(Menu[] menus, String id) {
        for (Menu m : menus) {
            for (MenuItem i : m.getItems()) {
                if (id.equals(i.getId())) {
                    return i;
                }
                if (i instanceof Menu sub) {
                    try {
                        return find(new Menu[] {sub}, id);
                    } catch (AssertionError e) {
                        // not in this submenu
                    }
                }
            }
        }
        throw new AssertionError("no menu item " + id);
    }

    @Test
    void theEngineMenuChoosesDeviceAndMemoryModeAndTheGenerationRecordsThem(FxRobot robot) throws Exception {
        assertEquals("cpu", vm.engine().engineChoice().device());
        choose(robot, "engine-device-gpu");
        String status = vm.feedback().statusProperty().get();
        boolean gpu = !status.contains("A GPU is not usable");
        if (gpu) {
            assertTrue(status.startsWith("Running on"), status);
        } else {
            assertTrue(status.contains("running on the CPU"), status);
        }
        assertEquals("", vm.feedback().errorProperty().get());

        choose(robot, "engine-memory-stream-blocks");
        assertEquals("stream-blocks", vm.engine().engineChoice().memoryMode());
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        robot.interact(() -> {
            vm.form().promptProperty().set("a paper lantern");
            vm.form().seedTextProperty().set("11");
        });
        StudioFixture.runAndWait(robot, vm);
        assertEquals("", vm.feedback().errorProperty().get());
        GenerationRecord r = studio.load(vm.history().selectedId());
        assertEquals("stream-blocks", r.environment().memoryMode());
        if (!gpu) {
            assertTrue(r.environment().device().startsWith("cpu"), r.environment().device());
        }
    }

    @Test
    void int8WithBf16IsRefusedAndTheMenuShowsTheSettingsKept(FxRobot robot) {
        choose(robot, "engine-memory-int8");
        assertEquals("int8", vm.engine().engineChoice().memoryMode());
        choose(robot, "engine-precision-bf16");
        assertTrue(vm.feedback().errorProperty().get().contains("int8") && vm.feedback().errorProperty().get().contains("bf16"),
                vm.feedback().errorProperty().get());
        assertEquals("f32", vm.engine().engineChoice().precision());
        MenuBar bar = robot.lookup("#menuBar").query();
        Menu[] menus = bar.getMenus().toArray(new Menu[0]);
        assertTrue(((javafx.scene.control.RadioMenuItem) find(menus, "engine-precision-f32")).isSelected());
        assertTrue(!((javafx.scene.control.RadioMenuItem) find(menus, "engine-precision-bf16")).isSelected());
        assertTrue(((javafx.scene.control.RadioMenuItem) find(menus, "engine-memory-int8")).isSelected());
    }

    @Test
    void thisMachineShowsTheRuntimeAndWhatAGpuRequestRunsOn(FxRobot robot) {
        choose(robot, "engine-machine");
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.layout.GridPane grid = robot.lookup("#machineInfo").query();
        String text = grid.getChildren().stream().filter(n -> n instanceof javafx.scene.control.Label)
                .map(n -> ((javafx.scene.control.Label) n).getText()).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(text.contains("DJL 0.35.1, libtorch 2.7.1"), text);
        boolean gpu = !vm.engine().machine().orElseThrow().gpus().isEmpty();
        if (!gpu) { // this machine (and CI) has none: the dialog says why a GPU request runs on the CPU
            assertTrue(text.contains("none that libtorch sees"), text);
            assertTrue(text.contains("the CPU, because the libtorch in use is a CPU build"), text);
        }
        robot.interact(() -> ((javafx.stage.Stage) grid.getScene().getWindow()).close());
    }

    @Test
    void theEngineMenuAsLeftIsTheNextSessionsEngine(FxRobot robot) throws Exception {
        choose(robot, "engine-memory-stream-blocks");
        assertEquals("stream-blocks", vm.engine().engineChoice().memoryMode());
        // a new session: the model service starts on its defaults, the studio applies what was saved
        StudioFixture.models().setOptions(dev.seedframe.engine.EngineOptions.defaults());
        Studio next = StudioFixture.studio(home);
        assertEquals("resident", next.engineChoice().memoryMode());
        assertTrue(next.restoreEngine().isEmpty(), "nothing to tell: the CPU was asked for and is used");
        assertEquals(new Studio.EngineChoice("cpu", "stream-blocks", "f32"), next.engineChoice());

        // a saved GPU that is not usable here is said, and the CPU runs
        choose(robot, "engine-device-gpu");
        StudioFixture.models().setOptions(dev.seedframe.engine.EngineOptions.defaults());
        java.util.Optional<dev.seedframe.service.EngineStatus> note = StudioFixture.studio(home).restoreEngine();
        if (vm.engine().machine().orElseThrow().gpus().isEmpty()) {
            assertTrue(note.isPresent() && note.get().fellBack(), note.toString());
            assertTrue(note.get().fallbackReason().startsWith("the libtorch in use is a CPU build"),
                    note.get().fallbackReason());
        }
    }

    @Test
    void inChineseTheEngineStatusIsChinese(FxRobot robot) {
        robot.interact(() -> window.switchLanguage(Locale.SIMPLIFIED_CHINESE));
        vm = window.viewModel();
        choose(robot, "engine-memory-stream-blocks");
        String status = vm.feedback().statusProperty().get();
        assertTrue(status.startsWith("正在 ") || status.startsWith("GPU 不可用"), status);
        assertTrue(status.contains("内存模式 stream-blocks"), status);
        robot.interact(() -> window.switchLanguage(Locale.ENGLISH));
    }
}
