package dev.seedframe.ui.view;

import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The studio's own windows (model picker, GPU set-up, Preferences, compare) and its information dialogs (this
 * machine, the shortcuts): owned by the main window, in its theme.
 */
final class DialogStages {

    private DialogStages() {}

    /**
     * A window over {@code root}, owned by {@code owner}'s window and styled like it.
     *
     * @param width the scene's width, or -1 for the content's own (likewise {@code height}); never more than the screen
     */
    static Stage of(Supplier<Window> owner, String title, Parent root, Modality modality, double width,
            double height) {
        root.getStyleClass().addAll("studio", "dialog-body");
        Stage st = new Stage();
        Window w = owner.get();
        st.initOwner(w);
        st.initModality(modality);
        st.setTitle(title);
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, width < 0 ? -1 : Math.min(width, screen.getWidth()),
                height < 0 ? -1 : Math.min(height, screen.getHeight() - 60));
        if (w != null && w.getScene() != null) {
            scene.getStylesheets().addAll(w.getScene().getStylesheets());
        }
        st.setScene(scene);
        return st;
    }

    /**
     * An information dialog showing {@code content} under {@code title}, with Close; shown, not waited for.
     *
     * @param styled the scene whose style sheets it takes (the main window's), or null
     */
    static Alert info(Window owner, Scene styled, String title, Node content) {
        Alert alert = new Alert(Alert.AlertType.NONE, "", ButtonType.CLOSE);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setContent(content);
        if (styled != null) {
            alert.getDialogPane().getStylesheets().addAll(styled.getStylesheets());
        }
        alert.show();
        return alert;
    }
}
