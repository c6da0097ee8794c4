package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.LibtorchSetup;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.service.GpuOffer;
import dev.seedframe.service.GpuSetup;
import dev.seedframe.service.LibtorchSetting;
import dev.seedframe.service.PromptScreen;
import dev.seedframe.service.RecentProjects;
import dev.seedframe.service.Studio;
import dev.seedframe.testing.FakeDjlPublish;
import dev.seedframe.ui.viewmodel.GpuOfferViewModel.Step;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 15 item 3 in the studio: with a stand-in NVIDIA driver and no CUDA libtorch, the first start offers the GPU
 * set-up once; yes downloads a stand-in archive from a local server in publish.djl.ai's layout (progress, checksums),
 * checks it, remembers it and puts the Engine menu on the GPU, saying that a restart is needed; the next start does
 * not ask again, and neither does one after "Not now". The seams are {@code GpuSetupTest}'s: the driver's answer and
 * the engine check are stand-ins (the check in a fresh JVM on a real libtorch is {@code SetupGpuCliTest}'s).
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class StudioGpuOfferUiTest {

    static final List<String> ONE_GPU = List.of("GPU 0: NVIDIA Stand-in (UUID: GPU-00000000-0000-0000-0000-000000000000)");

    @TempDir
    static Path dir;

    Path home;
    FakeDjlPublish server;
    final AtomicInteger driverAsked = new AtomicInteger();
    final List<Path> checked = new ArrayList<>();
    Studio studio;
    StudioWindow window;
    StudioViewModel vm;
    final List<Stage> more = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        Assumptions.assumeTrue(LibtorchSetup.cudaClassifier().orElse("").equals("linux-x86_64"),
                "the stand-in archive is served for linux-x86_64");
        Assumptions.assumeTrue(LibtorchSetup.configuredCudaLibtorch().isEmpty(), "no CUDA libtorch configured here");
        home = Files.createDirectories(dir.resolve(Long.toString(System.nanoTime())));
        server = FakeDjlPublish.standIn(home, 7, 2_000_000, 40_000);
        studio = studioAt(home);
        window = StudioWindow.open(stage, studio, Locale.ENGLISH);
        vm = window.viewModel();
    }

    /** A studio over {@code at} whose GPU offer asks the stand-in driver and fetches from the local server. */
    private Studio studioAt(Path at) {
        LibtorchSetting setting = new LibtorchSetting(at.resolve("libtorch.properties"));
        Path data = at.resolve("data");
        HubConfig transfer = new HubConfig(HubConfig.DEFAULT_ENDPOINT, null, null, at, Duration.ofSeconds(10), 2);
        GpuSetup setup = new GpuSetup(data, setting, server.base(), transfer, this::driver, libDir -> {
            checked.add(libDir);
            return new GpuSetup.Check(Files.isRegularFile(libDir.resolve("libtorch.so")), "device: cuda:0 (stand-in)");
        });
        GpuOffer offer = new GpuOffer(new RecentProjects(at.resolve("recent.txt")).sibling("gpu-offer.properties"),
                this::driver, setting, () -> setup, server.base().toString(), data);
        return StudioFixture.studio(at, PromptScreen.none(), null, offer);
    }

    private List<String> driver() {
        driverAsked.incrementAndGet();
        return ONE_GPU;
    }

    @AfterEach
    void stop(FxRobot robot) throws Exception {
        robot.interact(() -> more.forEach(Stage::close));
        if (server != null) {
            server.close();
        }
        if (studio != null) {
            // the fixture shares one model service across the UI tests of this JVM
            studio.setEngine(new Studio.EngineChoice("cpu", "resident", "f32"));
        }
    }

    private static void await(String what, BooleanSupplier done) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, done::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("timed out waiting for " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** A second start of the studio on {@code at}: a new window over a new studio. */
    private StudioViewModel nextStart(FxRobot robot, Path at) {
        StudioViewModel[] next = new StudioViewModel[1];
        robot.interact(() -> {
            Stage s = new Stage();
            more.add(s);
            next[0] = StudioWindow.open(s, studioAt(at), Locale.ENGLISH).viewModel();
        });
        await("the next start's check", () -> next[0].gpu().checkedProperty().get());
        return next[0];
    }

    @Test
    void theOfferIsMadeOnceAndYesSetsUpTheGpuAndPutsTheEngineMenuOnIt(FxRobot robot) throws Exception {
        await("the offer", () -> vm.gpu().stepProperty().get() == Step.OFFER);
        Window dialog = robot.lookup("#gpuOfferText").query().getScene().getWindow();
        assertTrue(dialog.isShowing());
        String offer = text(robot, "#gpuOfferText");
        assertTrue(offer.startsWith("Seedframe found an NVIDIA GPU (" + ONE_GPU.get(0) + ")"), offer);
        assertTrue(offer.contains("libtorch 2.7.1 cu128 (linux-x86_64)") && offer.contains(server.base().toString()),
                offer);
        assertTrue(server.seen().isEmpty(), "nothing is fetched before the answer");

        robot.clickOn("#gpuAccept");
        await("the set-up", () -> vm.gpu().stepProperty().get() == Step.DONE);
        String result = text(robot, "#gpuResult");
        assertTrue(result.startsWith("The GPU is set up. Installed libtorch 2.7.1 (cu128)"), result);
        assertTrue(result.contains("Restart Seedframe to run on the GPU"), result);
        Path lib = home.resolve("data/libtorch/2.7.1-cu128-linux-x86_64/lib");
        assertEquals(List.of(lib), checked, "checked once, on the installed folder");
        assertEquals(lib, new LibtorchSetting(home.resolve("libtorch.properties")).remembered().orElseThrow());
        assertEquals(Files.size(home.resolve("src/libtorch_cpu.so")), Files.size(lib.resolve("libtorch_cpu.so")));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(home.resolve("src/libtorch_cuda.so")),
                Files.readAllBytes(lib.resolve("libtorch_cuda.so"))));
        assertTrue(server.seen().stream().anyMatch(s -> s.path().endsWith("libtorch_cuda.so.gz")));

        // the Engine menu is on the GPU (this session runs on the CPU, and the status line says why)
        assertEquals("cuda:0", vm.engine().engineChoice().device());
        assertTrue(vm.feedback().statusProperty().get().contains("A GPU is not usable"),
                vm.feedback().statusProperty().get());
        MenuBar bar = (MenuBar) window.stage().getScene().lookup("#menuBar"); // the first window's
        Menu engine = menu(bar, "menu-engine");
        robot.interact(() -> engine.show());
        RadioMenuItem gpuItem = (RadioMenuItem) find(engine, "engine-device-gpu");
        assertTrue(gpuItem.isSelected());
        robot.interact(() -> engine.hide());
        robot.clickOn("#gpuClose");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(dialog.isShowing());

        // the next start does not ask again (and asks no driver: the answer is remembered)
        int asked = driverAsked.get();
        StudioViewModel next = nextStart(robot, home);
        assertEquals(Step.NONE, next.gpu().stepProperty().get());
        assertEquals(asked, driverAsked.get());
    }

    @Test
    void notNowIsRememberedAndTheEngineMenuStillOffersTheSetUp(FxRobot robot) {
        await("the offer", () -> vm.gpu().stepProperty().get() == Step.OFFER);
        robot.clickOn("#gpuDecline");
        WaitForAsyncUtils.waitForFxEvents();
        await("the answer kept", () -> Files.exists(home.resolve("gpu-offer.properties")));
        assertTrue(vm.feedback().statusProperty().get().contains("Engine → Set up the GPU"));
        assertTrue(server.seen().isEmpty(), "nothing was fetched");
        assertEquals("cpu", vm.engine().engineChoice().device());

        StudioViewModel next = nextStart(robot, home);
        assertEquals(Step.NONE, next.gpu().stepProperty().get(), "not asked again");

        // asked for from the Engine menu, it is there all the same
        MenuBar bar = (MenuBar) window.stage().getScene().lookup("#menuBar"); // the first window's
        robot.interact(() -> find(menu(bar, "menu-engine"), "menuSetupGpu").fire());
        await("the dialog from the menu", () -> vm.gpu().stepProperty().get() == Step.OFFER);
        assertTrue(text(robot, "#gpuOfferText").startsWith("Seedframe found an NVIDIA GPU"));
        robot.clickOn("#gpuDecline");
    }

    private static Menu menu(javafx.scene.control.MenuBar bar, String id) {
        return bar.getMenus().stream().filter(m -> id.equals(m.getId())).findFirst().orElseThrow();
    }

    private static MenuItem find(Menu menu, String id) {
        for (MenuItem i : menu.getItems()) {
            if (id.equals(i.getId())) {
                return i;
            }
            if (i instanceof Menu sub) {
                for (MenuItem j : sub.getItems()) {
                    if (id.equals(j.getId())) {
                        return j;
                    }
                }
            }
        }
        throw new AssertionError("no menu item " + id);
    }
}
