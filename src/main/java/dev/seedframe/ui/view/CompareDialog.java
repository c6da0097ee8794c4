package dev.seedframe.ui.view;

import dev.seedframe.domain.RgbImage;
import dev.seedframe.ui.FxImages;
import dev.seedframe.ui.I18n;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Two generations side by side, or one over the other with a before/after slider. */
final class CompareDialog {

    static final double VIEW = 460;

    private CompareDialog() {}

    static Stage show(Window owner, I18n i18n, String leftLabel, RgbImage left, String rightLabel, RgbImage right) {
        Image a = FxImages.toFx(left);
        Image b = FxImages.toFx(right);

        HBox side = new HBox(12, captioned(leftLabel, view(a)), captioned(rightLabel, view(b)));
        side.setAlignment(Pos.CENTER);
        side.setPadding(new Insets(12));

        ImageView before = view(a);
        ImageView after = view(b);
        StackPane stack = new StackPane(before, after);
        Slider slider = new Slider(0, 1, 0.5);
        slider.setId("compareSlider");
        Rectangle clip = new Rectangle();
        clip.setHeight(after.getBoundsInLocal().getHeight());
        clip.setWidth(0.5 * after.getBoundsInLocal().getWidth());
        slider.valueProperty().addListener((o, x, v) -> clip.setWidth(v.doubleValue() * after.getBoundsInLocal().getWidth()));
        after.setClip(clip);
        VBox slide = new VBox(8, stack, slider,
                new Label(rightLabel + "  ◀ ▶  " + leftLabel));
        slide.setAlignment(Pos.CENTER);
        slide.setPadding(new Insets(12));

        Tab t1 = new Tab(i18n.t("compare.sideBySide"), side);
        Tab t2 = new Tab(i18n.t("compare.slider"), slide);
        t1.setClosable(false);
        t2.setClosable(false);
        TabPane tabs = new TabPane(t1, t2);
        Stage st = new Stage();
        st.initOwner(owner);
        st.initModality(Modality.NONE);
        st.setTitle(i18n.t("compare.title"));
        Scene sc = new Scene(new BorderPane(tabs), 2 * VIEW + 60, VIEW + 110);
        if (owner != null && owner.getScene() != null) {
            sc.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        sc.getRoot().getStyleClass().add("studio");
        st.setScene(sc);
        st.show();
        return st;
    }

    private static ImageView view(Image img) {
        ImageView v = new ImageView(img);
        v.setPreserveRatio(true);
        v.setSmooth(true);
        v.setFitWidth(VIEW);
        v.setFitHeight(VIEW);
        return v;
    }

    private static VBox captioned(String label, ImageView v) {
        Label l = new Label(label);
        l.getStyleClass().add("caption");
        VBox b = new VBox(6, v, l);
        b.setAlignment(Pos.CENTER);
        return b;
    }
}
