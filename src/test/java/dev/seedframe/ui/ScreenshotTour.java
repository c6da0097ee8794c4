package dev.seedframe.ui;

import dev.seedframe.engine.Engines;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.imaging.Png;
import dev.seedframe.service.UseCases;
import dev.seedframe.service.ModelRegistry;
import dev.seedframe.service.ModelService;
import dev.seedframe.service.ProjectService;
import dev.seedframe.service.RecentProjects;
import dev.seedframe.service.Studio;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.ui.viewmodel.Mode;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Not a test: drives the real studio (a real window, e.g. under Xvfb) through a short session on the
 * embedded demo model (prompts it draws: shapes in colours at places; the LoRA part on the tiny model its LoRA
 * fixtures fit) and saves screenshots of the window for the README. {@code -Dtour.model=DIR} runs it on another
 * model.
 *
 * <pre>
 * xvfb-run -s "-screen 0 1600x1000x24" java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
 *     -Dprism.order=sw dev.seedframe.ui.ScreenshotTour docs/screenshots
 * </pre>
 *
 * <p>{@code -Dtour.extra=true} also saves the Engine → This machine dialog and the window at 1000×640 and
 * 1366×740, in Create and Inpaint mode (for looking at, not for the README).
 */
public final class ScreenshotTour {

    static Path out;
    static Path home;
    static StudioWindow window;
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
        home = Files.createTempDirectory("seedframe-tour");
        System.setProperty("seedframe.home", home.toString());
        Path model = Path.of(System.getProperty("tour.model", Path.of(System.getProperty("seedframe.repo", ".")).resolve("models/qwen-image-demo").toString()));
        ModelService models = new ModelService(Engines.qwenImage());
        UseCases app = new UseCases(models, new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults())),
                new ModelRegistry(home.resolve("models.json")), model);
        Studio studio = new Studio(app, new RecentProjects(home.resolve("recent.txt")));
        window = StudioWindow.open(stage, studio, Locale.ENGLISH);
        STARTED.countDown();
    }

    static <T> T fx(Supplier<T> s) throws InterruptedException {
        AtomicReference<T> r = new AtomicReference<>();
        CountDownLatch l = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.set(s.get());
            } finally {
                l.countDown();
            }
        });
        l.await();
        return r.get();
    }

    static void fx(Runnable r) throws InterruptedException {
        fx(() -> {
            r.run();
            return null;
        });
    }

    static void generateAndWait() throws InterruptedException {
        StudioViewModel vm = window.viewModel();
        System.err.println("tour: generating " + fx(() -> vm.form().promptProperty().get()));
        fx(vm.run()::generate);
        Thread.sleep(300);
        while (!fx(vm::idle)) {
            Thread.sleep(200);
        }
        String err = fx(() -> vm.feedback().errorProperty().get());
        if (!err.isEmpty()) {
            throw new IllegalStateException(err);
        }
        Thread.sleep(300);
    }

    /** Waits until the project reads a selection started are shown. */
    static void settle(StudioViewModel vm) throws InterruptedException {
        while (!fx(vm::idle)) {
            Thread.sleep(100);
        }
    }

    static void shot(String name) throws Exception {
        System.err.println("tour: " + name);
        Thread.sleep(500);
        byte[] png = fx(() -> Png.encode(FxImages.fromFx(window.stage().getScene().snapshot(null)), Map.of()));
        Files.write(out.resolve(name), png);
    }

    static void tour() throws Exception {
        StudioViewModel vm = window.viewModel();
        fx(() -> {
            vm.form().promptProperty().set("a red circle on a blue background, top left");
            vm.form().seedTextProperty().set("42");
        });
        generateAndWait();
        fx(() -> vm.form().promptProperty().set("a large yellow star on a black background, center"));
        generateAndWait();
        long second = fx(vm.history()::selectedId);
        fx(() -> {
            vm.form().promptProperty().set("白色背景上的绿色三角形,在右下角");
            vm.form().variantsProperty().set(3);
        });
        generateAndWait();
        fx(() -> vm.form().variantsProperty().set(1));
        fx(() -> vm.history().select(vm.history().variantResults().get(1).id()));
        settle(vm);
        fx(() -> window.view().canvas().fit());
        shot("studio-main.png");
        if (Boolean.getBoolean("tour.extra")) {
            // Engine → This machine
            fx(() -> window.view().root().lookupAll("#menuBar").forEach(n -> ((javafx.scene.control.MenuBar) n)
                    .getMenus().stream().filter(m -> "menu-engine".equals(m.getId())).flatMap(m -> m.getItems().stream())
                    .filter(i -> "engine-machine".equals(i.getId()))
                    .forEach(javafx.scene.control.MenuItem::fire)));
            Thread.sleep(800);
            javafx.stage.Window dialog = fx(() -> javafx.stage.Window.getWindows().stream()
                    .filter(w -> w != window.stage()).findFirst().orElseThrow());
            byte[] machine = fx(() -> Png.encode(FxImages.fromFx(dialog.getScene().snapshot(null)), Map.of()));
            Files.write(out.resolve("studio-machine.png"), machine);
            fx(() -> ((Stage) dialog).close());

            // the smallest window the studio allows, and a 1366x768 laptop screen
            double w0 = fx(() -> window.stage().getWidth());
            double h0 = fx(() -> window.stage().getHeight());
            for (int[] size : new int[][] {{1000, 640}, {1366, 740}}) {
                fx(() -> {
                    window.stage().setWidth(size[0]);
                    window.stage().setHeight(size[1]);
                });
                shot("studio-small-" + size[0] + ".png");
                fx(() -> vm.form().modeProperty().set(Mode.INPAINT));
                shot("studio-small-" + size[0] + "-inpaint.png");
                fx(() -> vm.form().modeProperty().set(Mode.CREATE));
            }
            fx(() -> {
                window.stage().setWidth(w0);
                window.stage().setHeight(h0);
            });
        }

        // the mask painter in use
        fx(() -> vm.history().select(second));
        settle(vm);
        fx(() -> {
            vm.form().modeProperty().set(Mode.INPAINT);
            vm.form().promptProperty().set("a blue circle on a black background, top right");
            vm.canvas().brushSizeProperty().set(30);
            vm.canvas().brushHardnessProperty().set(0.6);
            vm.canvas().mask().beginStroke();
            vm.canvas().mask().line(86, 14, 116, 14, 15, 0.6, false);
            vm.canvas().mask().line(116, 14, 116, 40, 15, 0.6, false);
            vm.canvas().mask().line(86, 40, 116, 40, 15, 0.6, false);
            vm.canvas().maskChanged();
        });
        shot("studio-mask.png");

        generateAndWait();
        fx(() -> {
            vm.run().continueFromResult(); // the inpaint's result becomes the base; its mask is cleared
            vm.canvas().mask().beginStroke();
            vm.canvas().mask().line(14, 100, 40, 100, 14, 0.8, false);
            vm.canvas().maskChanged();
            vm.form().promptProperty().set("a red square on a black background, bottom left");
        });
        generateAndWait();
        fx(vm.canvas()::clearMask);
        shot("studio-history.png");
        fx(() -> window.switchLanguage(Locale.SIMPLIFIED_CHINESE));
        shot("studio-zh.png");
        fx(() -> window.switchLanguage(Locale.ENGLISH));

        fx(() -> window.view().canvas().fit());
        fx(() -> {
            vm.form().modeProperty().set(Mode.OUTPAINT);
            vm.form().outpaint().toAspect(16, 9);
        });
        generateAndWait();
        shot("studio-outpaint.png");

        // before/after of the outpaint: one scale, the source where its pixels are
        javafx.stage.Stage compare = fx(() -> window.view().openCompare());
        Thread.sleep(500);
        byte[] png = fx(() -> Png.encode(FxImages.fromFx(compare.getScene().snapshot(null)), Map.of()));
        Files.write(out.resolve("studio-compare.png"), png);
        fx(() -> {
            ((javafx.scene.control.TabPane) ((javafx.scene.layout.BorderPane) compare.getScene().getRoot()).getCenter())
                    .getSelectionModel().select(1);
            return null;
        });
        Thread.sleep(500);
        png = fx(() -> Png.encode(FxImages.fromFx(compare.getScene().snapshot(null)), Map.of()));
        Files.write(out.resolve("studio-compare-slider.png"), png);
        fx(() -> {
            compare.close();
            return null;
        });
        layersTour();
        importedPhoto();
        loraTour();
    }

    /**
     * Issue 13: two LoRA files in the user's LoRA folder, a style LoRA at 0.8 and a Lightning one (its preset
     * applied), a generation with both, and the LoRA panel scrolled into view.
     */
    static void loraTour() throws Exception {
        StudioViewModel vm = window.viewModel();
        Path loras = Files.createDirectories(home.resolve("loras"));
        // the LoRA fixtures are made for the tiny random-weight model's shapes
        fx(() -> vm.form().setModel(Path.of(System.getProperty("seedframe.repo", ".")).resolve("models/qwen-image-tiny")));
        Path style = Files.copy(dev.seedframe.testing.LoraFixtures.lora("style_peft.safetensors"),
                loras.resolve("style_peft.safetensors"));
        Path lightning = Files.copy(dev.seedframe.testing.LoraFixtures.lora("lightning_4step.safetensors"),
                loras.resolve("lightning_4step.safetensors"));
        fx(() -> {
            vm.form().modeProperty().set(Mode.CREATE);
            vm.form().promptProperty().set("A lighthouse on a rocky coast at dusk, in a woodcut style");
            vm.loras().refresh();
            vm.loras().add(style);
            vm.loras().add(lightning);
        });
        settle(vm);
        fx(() -> vm.loras().rows().get(0).setWeight(0.8));
        generateAndWait();
        fx(() -> window.view().root().lookupAll(".side-scroll").forEach(n -> ((javafx.scene.control.ScrollPane) n)
                .setVvalue(1)));
        shot("studio-lora.png");
    }

    /**
     * Issue 12: a designer's photo imported into a project of its own, a lasso drawn around the boat, and the
     * inpaint's context box widened by hand; with {@code -Dtour.extra=true} also the outpaint preview of it.
     */
    static void importedPhoto() throws Exception {
        StudioViewModel vm = window.viewModel();
        Path dir = Files.createTempDirectory("seedframe-tour-photo");
        Path photo = dir.resolve("lake at dusk.png");
        javax.imageio.ImageIO.write(dev.seedframe.testing.Pictures.landscape(1800, 1200), "png", photo.toFile());
        Path project = dir.resolve("Lake poster.seedframe");
        try (dev.seedframe.service.Project p = new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults()))
                .create(project)) {
            dev.seedframe.service.ImportedPictures.importFile(p, photo);
        }
        fx(() -> vm.projects().openProject(project));
        settle(vm);
        fx(() -> {
            vm.form().modeProperty().set(Mode.INPAINT);
            vm.form().promptProperty().set("a small white sailing boat, 一艘白色的小帆船");
            vm.canvas().toolProperty().set(dev.seedframe.ui.viewmodel.MaskTool.LASSO);
            vm.canvas().overlayRgbProperty().set(0x22e0d0); // the default orange-red would vanish on the red boat
            int n = 48;
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int i = 0; i < n; i++) { // a hand-drawn loop around the boat
                double a = 2 * Math.PI * i / n;
                xs[i] = 540 + 118 * Math.cos(a) + 9 * Math.sin(5 * a);
                ys[i] = 838 + 52 * Math.sin(a) + 6 * Math.cos(3 * a);
            }
            vm.canvas().lasso(xs, ys, false);
            vm.canvas().contextBox().drag(300, 690, 860, 990);
            window.view().canvas().fit();
        });
        shot("studio-import-lasso.png");
        if (Boolean.getBoolean("tour.extra")) {
            fx(() -> {
                vm.form().modeProperty().set(Mode.OUTPAINT);
                vm.form().outpaint().leftProperty().set(240);
                vm.form().outpaint().topProperty().set(120);
            });
            shot("studio-outpaint-preview.png");
        }
    }

    /** Issue 12: a designer's picture opened, inpainted twice, its layers panel with the top edit at 60 %. */
    static void layersTour() throws Exception {
        StudioViewModel vm = window.viewModel();
        Path poster = out.resolve("tour-poster.png");
        Files.write(poster, Png.encode(poster(384, 256), Map.of()));
        fx(() -> vm.pictures().importFiles(java.util.List.of(poster)));
        settle(vm);
        Files.delete(poster);
        fx(() -> {
            vm.form().modeProperty().set(Mode.INPAINT);
            vm.form().promptProperty().set("a red heart on a blue background, top right");
            vm.canvas().mask().beginStroke();
            vm.canvas().mask().line(250, 60, 300, 80, 16, 0.7, false);
            vm.canvas().maskChanged();
        });
        generateAndWait();
        fx(() -> {
            vm.run().continueFromResult(); // the second edit stacks on the first (its mask cleared)
            vm.canvas().mask().beginStroke();
            vm.canvas().mask().line(60, 200, 140, 205, 18, 0.7, false);
            vm.canvas().maskChanged();
            vm.form().promptProperty().set("a yellow star on a green background, bottom left");
        });
        generateAndWait();
        fx(() -> {
            vm.canvas().clearMask();
            vm.layers().rows().get(0).opacity().set(0.6);
            window.view().canvas().fit();
        });
        shot("studio-layers.png");

        // the shortcuts help, and a PNG with Seedframe's data dropped back in: its settings offered
        javafx.scene.control.Alert help = fx(() -> window.view().showShortcuts());
        Thread.sleep(500);
        Files.write(out.resolve("studio-shortcuts.png"),
                fx(() -> Png.encode(FxImages.fromFx(help.getDialogPane().getScene().snapshot(null)), Map.of())));
        fx(help::close);
        long edit = fx(vm.history()::selectedId);
        Path made = Files.createTempFile("seedframe-tour", ".png");
        fx(() -> vm.projects().export(edit, made));
        settle(vm);
        fx(() -> vm.pictures().importFiles(java.util.List.of(made)));
        settle(vm);
        shot("studio-offer.png");
        Files.delete(made);
    }

    /** A simple poster: a sky from blue to warm, a sun, two rows of hills. */
    static RgbImage poster(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = y / (double) h;
                int r = (int) (90 + 150 * t);
                int g = (int) (150 + 60 * t);
                int b = (int) (230 - 90 * t);
                double sun = Math.hypot(x - 0.72 * w, y - 0.32 * h);
                if (sun < 0.09 * h) {
                    r = 255;
                    g = 214;
                    b = 120;
                }
                if (y > h * (0.62 + 0.06 * Math.sin(x / (double) w * 7))) {
                    r = 86;
                    g = 140;
                    b = 78;
                }
                if (y > h * (0.78 + 0.05 * Math.sin(x / (double) w * 11 + 1))) {
                    r = 58;
                    g = 104;
                    b = 60;
                }
                int i = (y * w + x) * 3;
                px[i] = (byte) r;
                px[i + 1] = (byte) g;
                px[i + 2] = (byte) b;
            }
        }
        return new RgbImage(w, h, px);
    }
}
