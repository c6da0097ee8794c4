package dev.seedframe.ui;

import dev.seedframe.service.Studio;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application: the app layer hands it the wired {@link Studio} service and launches it. */
public final class StudioApp extends Application {

    private static volatile Supplier<Studio> studios;
    private static volatile Consumer<Consumer<Optional<Path>>> handOvers;

    /** Starts the studio and returns when its window is closed. */
    public static void launch(Supplier<Studio> studioFactory, String... args) {
        launch(studioFactory, null, args);
    }

    /**
     * Starts the studio and returns when its window is closed. {@code handOverSource}, when not null, is given
     * the window's receiver of projects handed over by a second launch (a project to open, or empty: come to
     * the front); the receiver may be called on any thread.
     */
    public static void launch(Supplier<Studio> studioFactory, Consumer<Consumer<Optional<Path>>> handOverSource,
            String... args) {
        studios = studioFactory;
        handOvers = handOverSource;
        Application.launch(StudioApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Platform.setImplicitExit(true);
        Studio studio = studios.get();
        // the window starts in the preferences' language, else the system's
        StudioWindow window = StudioWindow.open(stage, studio, Locale.getDefault());
        Consumer<Consumer<Optional<Path>>> source = handOvers;
        if (source != null) {
            source.accept(p -> Platform.runLater(() -> window.handOver(p)));
        }
    }
}
