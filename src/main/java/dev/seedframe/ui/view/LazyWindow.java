package dev.seedframe.ui.view;

import javafx.stage.Stage;

/** A window of the studio built the first time it is shown, then shown again as it was left. */
abstract class LazyWindow {

    private Stage stage;

    /** Builds the window (once). */
    abstract Stage build();

    /** What to refresh before each showing (nothing by default). */
    void beforeShowing() {}

    /** Shows the window (built the first time) in front. */
    final Stage show() {
        if (stage == null) {
            stage = build();
        }
        beforeShowing();
        stage.show();
        stage.toFront();
        return stage;
    }

    /** The window, or null before it was first shown. */
    final Stage stage() {
        return stage;
    }

    final void close() {
        if (stage != null) {
            stage.close();
        }
    }
}
