package dev.seedframe.ui.view;

import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.GenerationFormViewModel;
import dev.seedframe.ui.viewmodel.RunViewModel;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The run panel: the main button (its text follows the mode) and Cancel under the form, the progress row under
 * the canvas, bound to the {@link RunViewModel}.
 */
final class RunView {

    private final RunViewModel run;
    private final GenerationFormViewModel form;
    private final I18n i18n;
    private final Subscriptions subscriptions;
    private final NumberFields fields;

    RunView(RunViewModel run, GenerationFormViewModel form, I18n i18n, Subscriptions subscriptions,
            NumberFields fields) {
        this.run = run;
        this.form = form;
        this.i18n = i18n;
        this.subscriptions = subscriptions;
        this.fields = fields;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    /** Runs with what every field shows, including a number typed but not yet confirmed (Ctrl+Enter too). */
    void generateWithTypedValues() {
        fields.commitAll();
        run.generate();
    }

    Node actions() {
        Button generate = new Button(t("action.generate"), Icons.of("mdi2c-creation"));
        generate.setId("generate");
        generate.getStyleClass().add("accent");
        generate.setMaxWidth(Double.MAX_VALUE);
        generate.disableProperty().bind(run.canGenerate().not());
        generate.setOnAction(e -> generateWithTypedValues());
        generate.setTooltip(new Tooltip(t("action.generateTooltip")));
        subscriptions.listen(form.modeProperty(),
                (o, a, m) -> generate.setText(t("action." + m.name().toLowerCase(Locale.ROOT))));
        generate.setText(t("action." + form.modeProperty().get().name().toLowerCase(Locale.ROOT)));
        Button cancel = new Button(t("action.cancel"), Icons.of("mdi2s-stop"));
        cancel.setId("cancel");
        cancel.disableProperty().bind(run.runningProperty().not());
        cancel.setOnAction(e -> run.cancel());
        cancel.setTooltip(new Tooltip(t("action.cancelTooltip")));
        HBox.setHgrow(generate, Priority.ALWAYS);
        HBox actions = new HBox(8, generate, cancel);
        actions.getStyleClass().add("actions");
        return actions;
    }

    Node progress() {
        ProgressBar pb = new ProgressBar(0);
        pb.setId("progress");
        pb.progressProperty().bind(run.progressProperty());
        pb.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(pb, Priority.ALWAYS);
        Label pt = new Label();
        pt.setId("progressText");
        pt.textProperty().bind(run.progressTextProperty());
        pt.setMinWidth(190);
        HBox progress = new HBox(10, pb, pt);
        progress.getStyleClass().add("progress-row");
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.visibleProperty().bind(run.runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        return progress;
    }
}
