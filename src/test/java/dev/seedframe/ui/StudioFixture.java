package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.Engines;
import dev.seedframe.service.UseCases;
import dev.seedframe.service.ModelRegistry;
import dev.seedframe.service.ModelService;
import dev.seedframe.service.ProjectService;
import dev.seedframe.service.PromptScreen;
import dev.seedframe.service.RecentProjects;
import dev.seedframe.service.Studio;
import dev.seedframe.service.StudioGpu;
import dev.seedframe.service.StudioModelLibrary;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.testing.Golden;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real studio wiring for UI tests: the real engine on the embedded tiny model (or another default), real project files
 * in a temporary folder. The model is loaded once per test JVM.
 */
final class StudioFixture {

    private static ModelService models;

    private StudioFixture() {}

    /** The model service the UI tests share (as a new session would start it: no engine choice applied). */
    static synchronized ModelService models() {
        return models;
    }

    static synchronized Studio studio(Path dir) {
        if (models == null) {
            models = new ModelService(Engines.qwenImage());
        }
        return studio(dir, PromptScreen.none());
    }

    /** A studio whose generations pass {@code screen} (a content filter), on the shared model. */
    static synchronized Studio studio(Path dir, PromptScreen screen) {
        return studio(dir, screen, null, StudioGpu.NONE);
    }

    /**
     * A studio with the model picker's {@code library} (null: the environment's Hub caches) and the GPU set-up
     * {@code gpu}, on the shared model.
     */
    static synchronized Studio studio(Path dir, PromptScreen screen, StudioModelLibrary library, StudioGpu gpu) {
        return studio(dir, screen, library, gpu, Golden.tinyModel());
    }

    /** A studio as {@link #studio(Path, PromptScreen, StudioModelLibrary, StudioGpu)} whose default model is {@code model}. */
    static synchronized Studio studio(Path dir, PromptScreen screen, StudioModelLibrary library, StudioGpu gpu,
            Path model) {
        if (models == null) {
            models = new ModelService(Engines.qwenImage());
        }
        ProjectService projects = new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults()));
        UseCases app = new UseCases(models, projects, new ModelRegistry(dir.resolve("models.json")), model, screen);
        RecentProjects recent = new RecentProjects(dir.resolve("recent.txt"));
        Path project = dir.resolve("test.seedframe");
        recent.remember(project);
        if (!project.toFile().exists()) {
            try {
                projects.create(project).close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            recent.remember(project);
        }
        return new Studio(app, recent, library, gpu);
    }

    /** A studio window on {@code stage} over a fresh folder {@code home}, its file choosers answered by {@code c}. */
    static StudioWindow window(Stage stage, Studio studio, AnsweringChoosers c) {
        StudioWindow w = StudioWindow.open(stage, studio, java.util.Locale.ENGLISH);
        w.view().setChoosers(c);
        return w;
    }

    /** Types into the prompt and seed fields as a person does (select all, then type). */
    static void typePromptAndSeed(FxRobot robot, String prompt, String seed) {
        robot.clickOn("#prompt").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write(prompt);
        robot.doubleClickOn("#seed").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write(seed);
    }

    /** A first image to edit: "a quiet harbour", seed 3, two steps at {@code w}×{@code h}. */
    static void base(FxRobot robot, StudioViewModel vm, int w, int h) {
        smallSettings(robot, vm, w, h, 2);
        robot.interact(() -> {
            vm.form().promptProperty().set("a quiet harbour");
            vm.form().seedTextProperty().set("3");
        });
        runAndWait(robot, vm);
    }

    /** Small and quick: 64×64, a few steps. */
    static void smallSettings(FxRobot robot, StudioViewModel vm, int w, int h, int steps) {
        robot.interact(() -> {
            vm.form().widthProperty().set(w);
            vm.form().heightProperty().set(h);
            vm.form().stepsProperty().set(steps);
        });
    }

    /** Waits until no generation runs and every project read the view models started has been shown. */
    static void awaitIdle(StudioViewModel vm) {
        try {
            WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, vm::idle);
        } catch (Exception e) {
            throw new AssertionError("generation did not finish: " + e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * After a click or call whose project reads run off the FX thread (selecting a node, deleting, starring,
     * opening a project): waits until what they read is shown.
     */
    static void settle(StudioViewModel vm) {
        WaitForAsyncUtils.waitForFxEvents();
        awaitIdle(vm);
    }

    static void runAndWait(FxRobot robot, StudioViewModel vm) {
        robot.clickOn("#generate");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.run().isRunning() || !vm.idle() || !vm.history().history().isEmpty(),
                "generation did not start: " + vm.feedback().errorProperty().get());
        awaitIdle(vm);
        assertFalse(vm.run().isRunning());
        assertTrue(vm.feedback().errorProperty().get().isEmpty(), vm.feedback().errorProperty().get());
    }

    /** Drags a brush stroke across the canvas between two image points. */
    static void stroke(FxRobot robot, StudioWindow w, double x0, double y0, double x1, double y1) {
        drag(robot, w, MouseButton.PRIMARY, x0, y0, x1, y1);
    }

    /**
     * Drags with {@code button} from one image point to another. (Outside Inpaint mode a primary drag starts a
     * drag-and-drop of the picture out of the window, which Monocle cannot carry through reliably: tests pan with the
     * middle button.)
     */
    static void drag(FxRobot robot, StudioWindow w, MouseButton button, double x0, double y0, double x1, double y1) {
        Point2D a = screen(robot, w, x0, y0);
        Point2D b = screen(robot, w, x1, y1);
        robot.moveTo(a).press(button);
        for (int i = 1; i <= 8; i++) {
            robot.moveTo(new Point2D(a.getX() + (b.getX() - a.getX()) * i / 8, a.getY() + (b.getY() - a.getY()) * i / 8));
        }
        robot.release(button);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Drags the mouse through image points, one after the other (a lasso), and lets go at the last. */
    static void path(FxRobot robot, StudioWindow w, double[]... points) {
        robot.moveTo(screen(robot, w, points[0][0], points[0][1])).press(MouseButton.PRIMARY);
        for (int k = 1; k < points.length; k++) {
            Point2D a = screen(robot, w, points[k - 1][0], points[k - 1][1]);
            Point2D b = screen(robot, w, points[k][0], points[k][1]);
            for (int i = 1; i <= 4; i++) {
                robot.moveTo(new Point2D(a.getX() + (b.getX() - a.getX()) * i / 4,
                        a.getY() + (b.getY() - a.getY()) * i / 4));
            }
        }
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static Point2D screen(FxRobot robot, StudioWindow w, double ix, double iy) {
        Point2D[] p = new Point2D[1];
        robot.interact(() -> {
            double[] v = w.view().canvas().toView(ix, iy);
            p[0] = w.view().canvas().localToScreen(v[0], v[1]);
        });
        return p[0];
    }

    static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            WaitForAsyncUtils.asyncFx(r);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }
}
