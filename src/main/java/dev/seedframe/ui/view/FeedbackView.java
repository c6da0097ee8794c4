package dev.seedframe.ui.view;

import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.Feedback;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The error banner at the top of the window and the status line at its foot, bound to the {@link Feedback}. */
final class FeedbackView {

    private final Feedback feedback;
    private final I18n i18n;

    FeedbackView(Feedback feedback, I18n i18n) {
        this.feedback = feedback;
        this.i18n = i18n;
    }

    Node errorBanner() {
        Label msg = new Label();
        msg.setId("errorText");
        msg.setWrapText(true);
        msg.textProperty().bind(feedback.errorProperty());
        Button close = Controls.iconButton("mdi2c-close", i18n.t("action.dismiss"));
        close.setOnAction(e -> feedback.dismissError());
        HBox.setHgrow(msg, Priority.ALWAYS);
        msg.setMaxWidth(Double.MAX_VALUE);
        HBox banner = new HBox(10, Icons.of("mdi2a-alert-circle-outline"), msg, close);
        banner.setId("errorBanner");
        banner.getStyleClass().add("error-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.visibleProperty().bind(feedback.errorProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    /** The status line, with the project's name at its right. */
    Node statusBar(ObservableStringValue projectTitle) {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(feedback.statusProperty());
        status.setMaxWidth(Double.MAX_VALUE);
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        // a long message is cut: the whole of it is in the tooltip
        Tooltip full = new Tooltip();
        full.textProperty().bind(feedback.statusProperty());
        full.setWrapText(true);
        full.setMaxWidth(640);
        status.setTooltip(full);
        Label project = new Label();
        project.setId("projectName");
        project.textProperty().bind(projectTitle);
        project.setMinWidth(Region.USE_PREF_SIZE); // the project's name is never what gives way
        HBox bar = new HBox(12, status, project);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }
}
