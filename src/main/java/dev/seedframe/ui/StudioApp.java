package dev.seedframe.ui;

import dev.seedframe.service.Studio;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application: the app layer hands it the wired {@link Studio} service and launches it. */
public final class StudioApp extends Application {

    private static volatile Supplier<Studio> studios;

    /** Starts the studio and returns when its window is closed. */
    public static void launch(Supplier<Studio> studioFactory, String... args) {
        studios = studioFactory;
        Application.launch(StudioApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Platform.setImplicitExit(true);
        StudioWindow.open(stage, studios.get(), Locale.getDefault());
    }
}
