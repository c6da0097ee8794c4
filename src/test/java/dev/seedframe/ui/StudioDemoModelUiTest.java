package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.service.PromptScreen;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.DemoModel;
import dev.seedframe.engine.train.scenes.NamedColour;
import dev.seedframe.engine.train.scenes.Placement;
import dev.seedframe.engine.train.scenes.Scene;
import dev.seedframe.engine.train.scenes.SceneCheck;
import dev.seedframe.engine.train.scenes.SceneObject;
import dev.seedframe.engine.train.scenes.ShapeKind;
import dev.seedframe.engine.train.scenes.SizeWord;
import dev.seedframe.service.StudioGpu;
import dev.seedframe.testing.Golden;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 18 through the real window: the studio opened on the embedded demo model (the default of a real
 * installation) says what to ask it for, suggests its own size and steps, and draws the prompt typed.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioDemoModelUiTest {

    static final Path DEMO = Golden.repo().resolve("models").resolve(DemoModel.FOLDER);

    @TempDir
    static Path dir;

    StudioWindow window;
    StudioViewModel vm;

    @Start
    void start(Stage stage) {
        window = StudioWindow.open(stage, StudioFixture.studio(dir.resolve(Long.toString(System.nanoTime())),
                PromptScreen.none(), null, StudioGpu.NONE, DEMO), Locale.ENGLISH);
        vm = window.viewModel();
    }

    @Test
    void theStudioOpensOnTheDemoModelAndDrawsWhatIsTyped(FxRobot robot) {
        StudioFixture.settle(vm);
        assertTrue(robot.lookup("#demoNotice").query().isVisible(), "the demo model's notice says what it draws");
        assertFalse(robot.lookup("#tinyNotice").query().isVisible(), "it is not the random-weight model");
        assertEquals(128, vm.form().widthProperty().get(), "the size it was trained at");
        assertEquals(128, vm.form().heightProperty().get());
        assertEquals(30, vm.form().stepsProperty().get());

        StudioFixture.typePromptAndSeed(robot, PROMPT, "1");
        StudioFixture.runAndWait(robot, vm);

        assertEquals("", vm.feedback().errorProperty().get());
        RgbImage img = vm.canvas().image();
        assertEquals(128, img.width());
        SceneCheck.Verdict v = SceneCheck.check(SCENE, img);
        // the colour in the named region on the named background (the model's shapes are still rough: README)
        assertTrue(v.colourCorrect() && v.backgroundCorrect(), PROMPT + ": " + v);
        assertEquals(1, vm.history().history().size());
    }

    static final String PROMPT = "a red circle on a blue background, top left";

    static final Scene SCENE = new Scene(NamedColour.BLUE, false, List.of(
            SceneObject.centred(ShapeKind.CIRCLE, NamedColour.RED, Placement.TOP_LEFT, SizeWord.MEDIUM)));
}
