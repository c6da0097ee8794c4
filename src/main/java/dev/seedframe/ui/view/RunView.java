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
import javafx.scene.layout.VBox;

/**
 * The run panel: the main button (its text follows the mode) and Cancel under the form, the progress row under
 * the canvas, bound to the {@link RunViewModel}. Right after an inpaint the main button gives way to the choice of
 * the next run: try again from the same parent, or continue from the result.
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
        Button[] choice = followUpChoice();
        generate.visibleProperty().bind(run.followUpProperty().isNull());
        generate.managedProperty().bind(generate.visibleProperty());
        // the choice: "Try again" on a row of its own, "Continue" where the main button was
        HBox main = new HBox(8, generate, choice[1], cancel);
        VBox actions = new VBox(6, choice[0], main);
        actions.getStyleClass().add("actions");
        return actions;
    }

    /**
     * Try again from the inpaint's parent, or continue from its result: shown while the result is on the canvas.
     *
     * @return the two buttons
     */
    private Button[] followUpChoice() {
        Button again = new Button(t("action.tryAgain"), Icons.of("mdi2r-refresh"));
        again.setId("tryAgain");
        again.getStyleClass().add("accent");
        again.setOnAction(e -> {
            fields.commitAll();
            run.tryAgain();
        });
        Button onward = new Button(t("action.continue"), Icons.of("mdi2a-arrow-right-bold-outline"));
        onward.setId("continueFromResult");
        onward.setOnAction(e -> run.continueFromResult());
        Runnable label = () -> {
            RunViewModel.FollowUp f = run.followUpProperty().get();
            if (f != null) {
                again.setTooltip(new Tooltip(i18n.f("action.tryAgainTooltip", f.parentId(), f.nextSeed())));
                onward.setTooltip(new Tooltip(i18n.f("action.continueTooltip", f.resultId())));
                again.setText(i18n.f("action.tryAgainFrom", f.parentId()));
                onward.setText(i18n.f("action.continueFrom", f.resultId()));
            }
        };
        label.run();
        subscriptions.listen(run.followUpProperty(), (o, a, f) -> label.run());
        for (Button b : new Button[] {again, onward}) {
            b.setMaxWidth(Double.MAX_VALUE);
            b.disableProperty().bind(run.runningProperty());
            HBox.setHgrow(b, Priority.ALWAYS);
            b.visibleProperty().bind(run.followUpProperty().isNotNull());
            b.managedProperty().bind(b.visibleProperty());
        }
        return new Button[] {again, onward};
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
