package dev.seedframe.ui;

import dev.seedframe.engine.Engines;
import dev.seedframe.hub.HubConfig;
import dev.seedframe.imaging.Png;
import dev.seedframe.service.GpuOffer;
import dev.seedframe.service.GpuSetup;
import dev.seedframe.service.LibtorchSetting;
import dev.seedframe.service.ModelDiscovery;
import dev.seedframe.service.ModelFolders;
import dev.seedframe.service.ModelLibrary;
import dev.seedframe.service.ModelRegistry;
import dev.seedframe.service.ModelService;
import dev.seedframe.service.PreferencesStore;
import dev.seedframe.service.ProjectService;
import dev.seedframe.service.PromptScreen;
import dev.seedframe.service.RecentProjects;
import dev.seedframe.service.Studio;
import dev.seedframe.service.UseCases;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.testing.FakeDjlPublish;
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
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Not a test: the model picker with a download in progress and with a ComfyUI transformer file selected (what it is
 * combined with), the first-run GPU offer and the Preferences dialog, on the
 * real studio (a real window, e.g. under Xvfb), for the README. The picker lists a Hugging Face cache made here (a
 * complete and an interrupted snapshot of the tiny pipelines) and a ComfyUI folder of the tiny single files; the
 * download runs against a local server speaking the Hub's API ({@link FakeHub}), throttled so that it is caught
 * half-way; the GPU offer comes from a stand-in driver (nothing is downloaded).
 *
 * <pre>
 * Xvfb :23 -screen 0 1600x1000x24 &amp;
 * DISPLAY=:23 java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
 *     -Dprism.order=sw dev.seedframe.ui.ModelsScreenshotTour docs/screenshots
 * </pre>
 */
public final class ModelsScreenshotTour {

    static final String COMPLETE = "0f1e2d3c4b5a69788796a5b4c3d2e1f001234567";
    static final String PARTIAL = "89abcdef0123456789abcdef0123456789abcdef";

    static Path out;
    static StudioWindow window;
    static FakeHub hub;
    static FakeDjlPublish djl;
    static final CountDownLatch STARTED = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        Thread tour = new Thread(() -> {
            try {
                STARTED.await();
                tour();
            } catch (Throwable t) {
                t.printStackTrace(System.err);
            } finally {
                Platform.exit();
            }
        }, "tour");
        tour.start();
        Application.launch(App.class, args);
        if (hub != null) {
            hub.close();
        }
        if (djl != null) {
            djl.close();
        }
        System.exit(0);
    }

    /** The JavaFX application (kept off the main class, which the java launcher would otherwise check). */
    public static final class App extends Application {
        @Override
        public void start(Stage stage) throws Exception {
            open(stage);
        }
    }

    static void open(Stage stage) throws Exception {
        Path home = Files.createTempDirectory("seedframe-models-tour");
        System.setProperty("seedframe.home", home.toString());
        Path cache = home.resolve("huggingface").resolve("hub");
        ModelFixtures.hubSnapshot(cache, "Qwen/Qwen-Image", COMPLETE, "main", Golden.tinyModel());
        Path half = ModelFixtures.hubSnapshot(cache, "Qwen/Qwen-Image-Edit", PARTIAL, "main", Golden.tinyEditModel());
        ModelFixtures.interrupt(half, "transformer/diffusion_pytorch_model-00002-of-00005.safetensors");
        ModelFixtures.comfyUi(home.resolve("ComfyUI"));
        ModelFolders folders = new ModelFolders(home.resolve("model-folders.txt"));
        folders.add(ModelFolders.Kind.COMFYUI, home.resolve("ComfyUI"));
        hub = new FakeHub(Golden.tinyModel(), "Qwen/Qwen-Image-2512", "2512abcdef0123456789abcdef0123456789abcd",
                Map.of()).throttle(Long.getLong("tour.rate", 1_500_000));

        ModelService models = new ModelService(Engines.qwenImage());
        UseCases app = new UseCases(models, new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults())),
                new ModelRegistry(home.resolve("models.json")), Golden.tinyModel(), PromptScreen.none());
        RecentProjects recent = new RecentProjects(home.resolve("recent.txt"));
        PreferencesStore prefs = new PreferencesStore(home);
        ModelLibrary library = new ModelLibrary(List.of(cache), folders, prefs,
                new HubConfig(hub.endpoint(), null, null, cache, Duration.ofSeconds(20), 4),
                () -> ModelDiscovery.Budget.of(models));
        // the GPU set-up fetches a stand-in archive (small random files under libtorch's names) from a local server
        djl = FakeDjlPublish.standIn(home.resolve("stand-in"), 1, 3_000_000, 3_000_000).throttle(4_000_000);
        java.util.function.Supplier<List<String>> driver =
                () -> List.of("GPU 0: NVIDIA GeForce RTX 4090 (UUID: GPU-5d1c0c5e-0000-0000-0000-000000000000)");
        LibtorchSetting setting = new LibtorchSetting(home.resolve("libtorch.properties"));
        GpuSetup setup = new GpuSetup(home.resolve("data"), setting, djl.base(),
                new HubConfig(HubConfig.DEFAULT_ENDPOINT, null, null, home, Duration.ofSeconds(20), 2), driver,
                lib -> new GpuSetup.Check(true, "device: cuda:0 (stand-in check)"));
        GpuOffer gpu = new GpuOffer(recent.sibling("gpu-offer.properties"), driver, setting, () -> setup,
                "https://publish.djl.ai/pytorch/", home.resolve("data"));
        Studio studio = new Studio(app, recent, library, gpu);
        window = StudioWindow.open(stage, studio, Locale.forLanguageTag(System.getProperty("tour.lang", "en")));
        STARTED.countDown();
    }

    static <T> T fx(Supplier<T> s) throws InterruptedException {
        return ScreenshotTour.fx(s);
    }

    static void fx(Runnable r) throws InterruptedException {
        ScreenshotTour.fx(r);
    }

    static void shot(Window w, String name) throws Exception {
        System.err.println("tour: " + name);
        Thread.sleep(400);
        byte[] png = fx(() -> Png.encode(FxImages.fromFx(w.getScene().snapshot(null)), Map.of()));
        Files.write(out.resolve(name), png);
    }

    static void tour() throws Exception {
        StudioViewModel vm = window.viewModel();
        // the first-run offer: a stand-in driver lists a GPU, no CUDA libtorch is configured
        while (fx(() -> vm.gpu().stepProperty().get()) != dev.seedframe.ui.viewmodel.GpuOfferViewModel.Step.OFFER) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        Window offer = fx(() -> Window.getWindows().stream().filter(w -> w != window.stage()).findFirst()
                .orElseThrow());
        shot(offer, "studio-gpu-offer.png");
        fx(vm.gpu()::decline);
        // asked for later from the Engine menu: yes, the download, the outcome
        fx(() -> window.view().openGpuSetup());
        while (fx(() -> vm.gpu().stepProperty().get()) != dev.seedframe.ui.viewmodel.GpuOfferViewModel.Step.OFFER) {
            Thread.sleep(100);
        }
        fx(vm.gpu()::accept);
        Thread.sleep(1500);
        shot(offer, "studio-gpu-running.png");
        while (fx(() -> vm.gpu().stepProperty().get()) != dev.seedframe.ui.viewmodel.GpuOfferViewModel.Step.DONE) {
            Thread.sleep(100);
        }
        shot(offer, "studio-gpu-done.png");
        fx(vm.gpu()::close);

        Stage picker = fx(() -> window.view().openModels());
        while (fx(() -> vm.picker().searchingProperty().get() || vm.picker().models().isEmpty())) {
            Thread.sleep(100);
        }
        fx(() -> {
            vm.picker().selectedProperty().set(vm.picker().models().get(0));
            vm.download().repoProperty().set("Qwen/Qwen-Image-2512");
            vm.download().start();
        });
        while (fx(() -> vm.download().lastProgress().done() < vm.download().lastProgress().total() * 0.4
                || vm.download().lastProgress().total() == 0)) {
            Thread.sleep(100);
        }
        Thread.sleep(1500); // a rate and a time left to show
        shot(picker, "studio-models-download.png");
        while (fx(() -> vm.download().isRunning())) {
            Thread.sleep(200);
        }
        shot(picker, "studio-models-downloaded.png");
        // a ComfyUI transformer file selected: what it is combined with, and what Use will run
        fx(() -> vm.picker().selectedProperty().set(vm.picker().models().stream()
                .filter(m -> m.name().equals("qwen_image_tiny_fp8_scaled.safetensors")).findFirst().orElseThrow()));
        shot(picker, "studio-models-singlefile.png");
        fx(picker::close);

        Stage prefs = fx(() -> window.view().openPreferences());
        fx(() -> {
            vm.preferences().contentFilterProperty().set(true);
            vm.preferences().termsEnProperty().set("nude\ngore");
            vm.preferences().termsZhProperty().set("裸体\n血腥");
            ((javafx.scene.control.TabPane) prefs.getScene().lookup("#prefsTabs")).getSelectionModel().select(3);
        });
        shot(prefs, "studio-preferences.png");
        fx(() -> {
            vm.preferences().imageCacheMbProperty().set("lots");
            vm.preferences().projectsFolderProperty().set("relative/folder");
            ((javafx.scene.control.TabPane) prefs.getScene().lookup("#prefsTabs")).getSelectionModel().select(1);
            ((javafx.scene.control.Button) prefs.getScene().lookup("#prefsSave")).fire();
        });
        shot(prefs, "studio-preferences-problems.png");
        fx(prefs::close);
        shot(window.stage(), "studio-after-models.png");
        if (Boolean.getBoolean("tour.menus")) { // for a screen grab from outside (menus are windows of their own)
            javafx.scene.control.MenuBar bar = fx(() -> (javafx.scene.control.MenuBar) window.stage().getScene()
                    .lookup("#menuBar"));
            int engine = fx(() -> bar.getMenus().indexOf(bar.getMenus().stream()
                    .filter(m -> "menu-engine".equals(m.getId())).findFirst().orElseThrow()));
            for (int i : new int[] {0, engine}) {
                fx(() -> bar.getMenus().get(i).show());
                System.err.println("tour: menu " + i + " open");
                Thread.sleep(3000);
                fx(() -> bar.getMenus().get(i).hide());
            }
        }
    }
}
