package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.service.ContentPolicy;
import dev.seedframe.service.Preferences;
import dev.seedframe.service.PreferencesStore;
import dev.seedframe.service.PromptScreen;
import dev.seedframe.service.Studio;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
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
 * Issue 15 item 4 in the studio: the Preferences dialog (File → Preferences) refuses to save while a value is wrong
 * and lists why, saves the content filter's lists typed into it, and the filter then refuses a listed term in a prompt
 * (English and Chinese) while another prompt generates; a studio's policy shows the filter locked on with its file; a
 * language saved there switches the window.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioPreferencesUiTest {

    @TempDir
    static Path dir;

    Path home;
    Path policy;
    Studio studio;
    StudioWindow window;
    StudioViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createDirectories(dir.resolve(Long.toString(System.nanoTime())));
        policy = home.resolve("system").resolve(ContentPolicy.FILE); // absent unless a test writes it
        studio = StudioFixture.studio(home, new PromptScreen(new PreferencesStore(home), List.of(policy)));
        window = StudioWindow.open(stage, studio, Locale.ENGLISH);
        vm = window.viewModel();
    }

    private Stage openPreferences(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").query();
        robot.interact(() -> bar.getMenus().get(0).getItems().stream().filter(i -> "menuPreferences".equals(i.getId()))
                .findFirst().map(MenuItem.class::cast).orElseThrow().fire());
        WaitForAsyncUtils.waitForFxEvents();
        Node tabs = robot.lookup("#prefsTabs").query();
        return (Stage) tabs.getScene().getWindow();
    }

    private void tab(FxRobot robot, int i) {
        TabPane tabs = robot.lookup("#prefsTabs").query();
        robot.interact(() -> tabs.getSelectionModel().select(i));
    }

    private void typeInto(FxRobot robot, String id, String text) {
        TextInputControl f = robot.lookup(id).query();
        robot.interact(f::clear);
        robot.clickOn(f).write(text);
    }

    private String problems(FxRobot robot) {
        return robot.lookup("#prefsProblems").lookup((Node n) -> n instanceof Label).queryAllAs(Label.class).stream()
                .map(Label::getText).reduce("", (a, b) -> a + "\n" + b);
    }

    private void generate(FxRobot robot, String prompt) {
        StudioFixture.smallSettings(robot, vm, 64, 64, 2);
        robot.interact(() -> {
            vm.form().promptProperty().set(prompt);
            vm.run().generate();
        });
        StudioFixture.awaitIdle(vm);
    }

    @Test
    void aWrongValueIsListedAndNothingSavedThenTheSavedFilterRefusesAListedTerm(FxRobot robot) throws Exception {
        Stage dialog = openPreferences(robot);
        tab(robot, 2);
        typeInto(robot, "#prefsImageCache", "lots");
        tab(robot, 1);
        typeInto(robot, "#prefsProjectsFolder", "not/absolute");
        tab(robot, 3);
        robot.clickOn("#prefsFilterOn");
        typeInto(robot, "#prefsTermsEn", "red circle");
        robot.clickOn("#prefsTermsZh").write("红色的圆");
        robot.clickOn("#prefsSave");
        String listed = problems(robot);
        assertTrue(listed.contains("The memory for decoded images must be a whole number of MB, not \"lots\".")
                && listed.contains("projects folder must be a full path"), listed);
        assertTrue(dialog.isShowing(), "the dialog stays open");
        assertFalse(Files.exists(home.resolve(PreferencesStore.FILE)), "nothing was saved");

        tab(robot, 2);
        typeInto(robot, "#prefsImageCache", "256");
        tab(robot, 1);
        robot.interact(() -> ((TextInputControl) robot.lookup("#prefsProjectsFolder").query()).clear());
        robot.clickOn("#prefsSave");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(dialog.isShowing(), "saved and closed: " + problems(robot));
        Preferences saved = new PreferencesStore(home).load().preferences();
        assertTrue(saved.contentFilter());
        assertEquals(List.of("red circle"), saved.termsEn());
        assertEquals(List.of("红色的圆"), saved.termsZh());
        assertEquals(256, saved.imageCacheMb());
        assertEquals("Preferences saved.", vm.feedback().statusProperty().get());

        generate(robot, "a Red Circle on sand");
        String error = vm.feedback().errorProperty().get();
        assertTrue(error.contains("The prompt was refused by the content filter: it contains \"red circle\" (your"
                + " English list)"), error);
        generate(robot, "一个红色的圆");
        assertTrue(vm.feedback().errorProperty().get().contains("(your Chinese list)"));
        assertTrue(vm.history().history().isEmpty(), "nothing was generated");
        robot.interact(() -> vm.feedback().dismissError());
        generate(robot, "a blue square");
        assertEquals("", vm.feedback().errorProperty().get());
        assertEquals(1, vm.history().history().size());

        // opened again, it shows what was saved
        openPreferences(robot);
        tab(robot, 3);
        assertEquals("red circle", ((TextInputControl) robot.lookup("#prefsTermsEn").query()).getText());
        assertTrue(((CheckBox) robot.lookup("#prefsFilterOn").query()).isSelected());
        robot.clickOn("#prefsCancel");
    }

    @Test
    void aPolicyShowsTheFilterLockedOnAndASavedLanguageSwitchesTheWindow(FxRobot robot) throws Exception {
        Files.createDirectories(policy.getParent());
        Files.writeString(policy, "contentFilter=required\ncontentFilter.defaultLists=true\n");
        openPreferences(robot);
        tab(robot, 3);
        CheckBox on = robot.lookup("#prefsFilterOn").query();
        assertTrue(on.isSelected() && on.isDisabled(), "locked on");
        String said = robot.lookup("#prefsPolicy").queryAs(Label.class).getText();
        assertTrue(said.startsWith("The content filter is required by this studio's policy (" + policy + ")"), said);
        assertTrue(said.contains("The policy also adds the default lists."), said);

        tab(robot, 2);
        robot.clickOn("#prefsLanguage").type(KeyCode.DOWN, 2).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#prefsSave");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("zh-CN", new PreferencesStore(home).load().preferences().language());
        assertFalse(new PreferencesStore(home).load().preferences().contentFilter(),
                "the person's own choice stays as it was; the policy keeps the filter on");
        MenuBar bar = robot.lookup("#menuBar").query();
        assertEquals("文件", bar.getMenus().get(0).getText(), "the window speaks Chinese now");
    }
}
