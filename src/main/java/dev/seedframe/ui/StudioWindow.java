package dev.seedframe.ui;

import dev.seedframe.service.Studio;
import dev.seedframe.ui.view.StudioView;
import dev.seedframe.ui.viewmodel.StudioPorts;
import dev.seedframe.ui.viewmodel.StudioViewModel;
import dev.seedframe.ui.viewmodel.UiExecutors;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The studio's main window on a stage: the view model over the {@link Studio} service, the view over
 * the view model, rebuilt when the language changes (the view model and its work stay).
 */
public final class StudioWindow {

    static final double WIDTH = 1440;
    static final double HEIGHT = 900;

    private final Stage stage;
    private final StudioViewModel vm;
    private StudioView view;

    private StudioWindow(Stage stage, StudioViewModel vm) {
        this.stage = stage;
        this.vm = vm;
    }

    /**
     * Builds the window on {@code stage}, opens the start-up project and the default model, and shows it; in the
     * language chosen in an earlier session, else in {@code systemLocale}'s.
     */
    public static StudioWindow open(Stage stage, Studio studio, Locale systemLocale) {
        StudioPorts ports = StudioPorts.of(studio);
        Locale locale = I18n.supported(StudioViewModel.startingLocale(ports, systemLocale));
        StudioViewModel vm = new StudioViewModel(ports, locale, fxExecutors());
        StudioWindow w = new StudioWindow(stage, vm);
        w.view = new StudioView(vm, w::switchLanguage, w::showLanguage);
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(w.view.root(), Math.min(WIDTH, screen.getWidth()), Math.min(HEIGHT, screen.getHeight()));
        scene.getStylesheets().add(Objects.requireNonNull(StudioWindow.class.getResource("studio.css")).toExternalForm());
        if (Fonts.needsCjkFamily(System.getProperty("os.name", ""), locale)) {
            Fonts.cjkFamily(javafx.scene.text.Font.getFamilies())
                    .ifPresent(f -> scene.getStylesheets().add(Fonts.stylesheet(f)));
        }
        stage.setScene(scene);
        stage.getIcons().addAll(icons());
        stage.titleProperty().bind(vm.projects().titleProperty());
        stage.setMinWidth(Math.min(1000, screen.getWidth()));
        stage.setMinHeight(Math.min(640, screen.getHeight()));
        stage.setOnHidden(e -> vm.close());
        vm.start();
        stage.show();
        return w;
    }

    /** The FX thread for the view models' UI work, a project thread, an engine thread and a download thread (daemons). */
    static UiExecutors fxExecutors() {
        return new UiExecutors(Platform::runLater, Executors.newSingleThreadExecutor(daemon("seedframe-project")),
                Executors.newSingleThreadExecutor(daemon("seedframe-engine")),
                Executors.newSingleThreadExecutor(daemon("seedframe-download")));
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The application icon in the sizes shipped on the class path (none when run without them). */
    static java.util.List<javafx.scene.image.Image> icons() {
        java.util.List<javafx.scene.image.Image> out = new java.util.ArrayList<>();
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            java.net.URL u = StudioWindow.class.getResource("icons/seedframe-" + size + ".png");
            if (u != null) {
                out.add(new javafx.scene.image.Image(u.toExternalForm()));
            }
        }
        return out;
    }

    /**
     * A project handed over by a second launch (a double-clicked file): opened as File → Open would, and the
     * window comes to the front; empty only brings the window to the front.
     */
    public void handOver(Optional<Path> project) {
        project.ifPresent(vm.projects()::openProject);
        stage.setIconified(false);
        stage.toFront();
        stage.requestFocus();
    }

    /** Switches the window to {@code l}, remembered for the next session; the work in progress stays. */
    public void switchLanguage(Locale l) {
        vm.rememberLanguage(l);
        showLanguage(l);
    }

    /** Shows the window in {@code l} without remembering it (the Preferences dialog saved its own choice). */
    void showLanguage(Locale l) {
        view.dispose();
        vm.setLocale(l);
        view = new StudioView(vm, this::switchLanguage, this::showLanguage);
        stage.getScene().setRoot(view.root());
    }

    public StudioViewModel viewModel() {
        return vm;
    }

    public StudioView view() {
        return view;
    }

    public Stage stage() {
        return stage;
    }
}
