package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.fieldLabel;
import static dev.seedframe.ui.view.Controls.section;

import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.ModelDownloadViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The model picker's download section, bound to the {@link ModelDownloadViewModel}: repository and revision, where it
 * goes and how much room is there, Download / Cancel, the progress bar with bytes, rate and time left, and how it
 * ended.
 */
final class ModelDownloadPane {

    private final ModelDownloadViewModel download;
    private final I18n i18n;
    private final VBox target = new VBox(2);

    ModelDownloadPane(ModelDownloadViewModel download, I18n i18n) {
        this.download = download;
        this.i18n = i18n;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    /** Reads the target folder's free space (and the endpoint, the token) again. */
    void refreshTarget() {
        target.getChildren().clear();
        for (String line : download.target()) {
            Label l = new Label(line);
            l.getStyleClass().add("caption");
            l.setWrapText(true);
            l.setMnemonicParsing(false);
            target.getChildren().add(l);
        }
    }

    VBox pane() {
        TextField repo = new TextField();
        repo.setId("downloadRepo");
        repo.textProperty().bindBidirectional(download.repoProperty());
        repo.setPrefColumnCount(22);
        TextField revision = new TextField();
        revision.setId("downloadRevision");
        revision.setPromptText(t("download.revisionPrompt"));
        revision.textProperty().bindBidirectional(download.revisionProperty());
        revision.setPrefColumnCount(10);
        repo.disableProperty().bind(download.runningProperty());
        revision.disableProperty().bind(download.runningProperty());
        Button start = new Button(t("download.start"), Icons.of("mdi2d-download"));
        start.setId("downloadStart");
        start.getStyleClass().add("accent");
        start.disableProperty().bind(download.runningProperty());
        start.setOnAction(e -> download.start());
        repo.setOnAction(e -> download.start());
        Button cancel = new Button(t("download.cancel"), Icons.of("mdi2c-close"));
        cancel.setId("downloadCancel");
        cancel.disableProperty().bind(download.runningProperty().not());
        cancel.setOnAction(e -> download.cancel());
        HBox fields = new HBox(8, fieldLabel(t("download.repo")), repo, fieldLabel(t("download.revision")), revision,
                start, cancel);
        fields.setAlignment(Pos.CENTER_LEFT);

        ProgressBar bar = new ProgressBar();
        bar.setId("downloadProgress");
        bar.progressProperty().bind(download.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.visibleProperty().bind(download.runningProperty().or(download.progressProperty().greaterThan(0)));
        bar.managedProperty().bind(bar.visibleProperty());
        Label progress = new Label();
        progress.setId("downloadProgressText");
        progress.setWrapText(true);
        progress.setMnemonicParsing(false);
        progress.textProperty().bind(download.progressTextProperty());
        progress.visibleProperty().bind(Bindings.isNotEmpty(download.progressTextProperty()));
        progress.managedProperty().bind(progress.visibleProperty());
        Label result = new Label();
        result.setId("downloadResult");
        result.setWrapText(true);
        result.setMnemonicParsing(false);
        result.textProperty().bind(download.resultProperty());
        return new VBox(6, section(t("download.title")), fields, target, bar, progress, result);
    }
}
