package dev.seedframe.ui.view;

import static dev.seedframe.ui.view.Controls.section;

import dev.seedframe.ui.I18n;
import dev.seedframe.ui.viewmodel.GpuOfferViewModel;
import dev.seedframe.ui.viewmodel.GpuOfferViewModel.Step;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.application.Platform;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The GPU offer and set-up window, bound to the {@link GpuOfferViewModel}: the question (download and set up, or not
 * now), then the progress with Cancel, then the outcome (with the restart it needs) and Close. Not modal: the studio
 * stays usable while several gigabytes arrive.
 */
final class GpuOfferDialog extends LazyWindow {

    private final GpuOfferViewModel gpu;
    private final I18n i18n;
    private final Supplier<Window> owner;
    private final Subscriptions subscriptions;

    GpuOfferDialog(GpuOfferViewModel gpu, I18n i18n, Supplier<Window> owner, Subscriptions subscriptions) {
        this.gpu = gpu;
        this.i18n = i18n;
        this.owner = owner;
        this.subscriptions = subscriptions;
    }

    private String t(String key) {
        return i18n.t(key);
    }

    private BooleanBinding at(Step s) {
        return Bindings.createBooleanBinding(() -> gpu.stepProperty().get() == s, gpu.stepProperty());
    }

    private static <T extends Node> T shownWhen(T n, javafx.beans.value.ObservableBooleanValue b) {
        n.visibleProperty().bind(b);
        n.managedProperty().bind(b);
        if (n instanceof Region r) {
            r.setMinHeight(Region.USE_PREF_SIZE); // wrapped words are never cut, the bar never squashed
        }
        return n;
    }

    @Override
    Stage build() {
        Label text = shownWhen(new Label(), at(Step.DONE).not());
        text.setId("gpuOfferText");
        text.setWrapText(true);
        text.setMnemonicParsing(false);
        text.textProperty().bind(Bindings.createStringBinding(gpu::offerText, gpu.offerProperty()));
        ProgressBar bar = shownWhen(new ProgressBar(), at(Step.RUNNING));
        bar.setId("gpuProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(gpu.progressProperty());
        Label progress = shownWhen(new Label(), at(Step.RUNNING));
        progress.setId("gpuProgressText");
        progress.setWrapText(true);
        progress.textProperty().bind(gpu.progressTextProperty());
        Label result = shownWhen(new Label(), at(Step.DONE));
        result.setId("gpuResult");
        result.setWrapText(true);
        result.setMnemonicParsing(false);
        result.textProperty().bind(gpu.resultProperty());

        Button accept = shownWhen(new Button(t("gpu.accept"), Icons.of("mdi2d-download")), at(Step.OFFER));
        accept.setId("gpuAccept");
        accept.getStyleClass().add("accent");
        accept.disableProperty().bind(Bindings.createBooleanBinding(() -> gpu.offerProperty().get() == null
                || gpu.offerProperty().get().gpu() == null, gpu.offerProperty()));
        accept.setOnAction(e -> gpu.accept());
        Button decline = shownWhen(new Button(t("gpu.decline")), at(Step.OFFER));
        decline.setId("gpuDecline");
        decline.setOnAction(e -> gpu.decline());
        Button cancel = shownWhen(new Button(t("gpu.cancel"), Icons.of("mdi2c-close")), at(Step.RUNNING));
        cancel.setId("gpuCancel");
        cancel.setOnAction(e -> gpu.cancel());
        Button close = shownWhen(new Button(t("gpu.close")), at(Step.DONE));
        close.setId("gpuClose");
        close.setOnAction(e -> gpu.close());
        HBox buttons = new HBox(8, accept, decline, cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox root = new VBox(12, section(t("gpu.title")), text, bar, progress, result, buttons);
        root.setPadding(new Insets(16));
        root.setPrefWidth(620);
        Stage st = DialogStages.of(owner, t("gpu.title"), root, Modality.NONE, -1, -1);
        // closing the window is "not now" before a choice, "close" after the outcome; a running set-up goes on
        st.setOnCloseRequest(e -> {
            if (gpu.stepProperty().get() == Step.OFFER) {
                gpu.decline();
            } else {
                gpu.close();
            }
        });
        subscriptions.listen(gpu.stepProperty(), (o, a, s) -> {
            if (s == Step.NONE) {
                st.hide();
            }
            Platform.runLater(st::sizeToScene);
        });
        subscriptions.listen(gpu.resultProperty(), (o, a, r) -> Platform.runLater(st::sizeToScene));
        subscriptions.listen(gpu.progressTextProperty(), (o, a, t) -> {
            if (a == null || t == null || a.lines().count() != t.lines().count()) {
                Platform.runLater(st::sizeToScene);
            }
        });
        return st;
    }
}
