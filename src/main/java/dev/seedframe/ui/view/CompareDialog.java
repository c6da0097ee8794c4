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

/** Two generations side by side, or one over the other with a before/after slider; Esc closes it. */
final class CompareDialog {

    static final double VIEW = 460;

    private CompareDialog() {}

    /**
     * Shows {@code left} (before) and {@code right} (after) at one common scale, so their sizes compare as they
     * are; in the slider view {@code left} sits at {@code leftOffset} (x, y in pixels) inside {@code right},
     * which is where an outpainted image's source lies.
     */
    static Stage show(Window owner, I18n i18n, String leftLabel, RgbImage left, String rightLabel, RgbImage right,
            int[] leftOffset) {
        Image a = FxImages.toFx(left);
        Image b = FxImages.toFx(right);
        double scale = VIEW / Math.max(Math.max(left.width(), right.width()), Math.max(left.height(), right.height()));

        HBox side = new HBox(12, captioned(leftLabel, view(a, scale)), captioned(rightLabel, view(b, scale)));
        side.setAlignment(Pos.CENTER);
        side.setPadding(new Insets(12));

        ImageView before = view(a, scale);
        ImageView after = view(b, scale);
        double aw = left.width() * scale;
        double ah = left.height() * scale;
        double bw = right.width() * scale;
        double bh = right.height() * scale;
        // one coordinate system: the after image's, with the before image placed where its pixels are
        double ox = Math.max(0, -leftOffset[0] * scale);
        double oy = Math.max(0, -leftOffset[1] * scale);
        after.relocate(ox, oy);
        before.relocate(ox + leftOffset[0] * scale, oy + leftOffset[1] * scale);
        javafx.scene.layout.Pane stack = new javafx.scene.layout.Pane(before, after);
        double pw = Math.max(ox + bw, ox + leftOffset[0] * scale + aw);
        double ph = Math.max(oy + bh, oy + leftOffset[1] * scale + ah);
        stack.setPrefSize(pw, ph);
        stack.setMaxSize(pw, ph);
        Slider slider = new Slider(0, 1, 0.5);
        slider.setId("compareSlider");
        slider.setMaxWidth(pw);
        Rectangle clip = new Rectangle(0, 0, 0.5 * bw, bh);
        after.setClip(clip);
        javafx.scene.shape.Line divider = new javafx.scene.shape.Line(0, oy, 0, oy + bh);
        divider.getStyleClass().add("compare-divider");
        divider.setStroke(javafx.scene.paint.Color.WHITE);
        divider.setStrokeWidth(1.5);
        stack.getChildren().add(divider);
        Runnable place = () -> {
            clip.setWidth(slider.getValue() * bw);
            divider.setStartX(ox + slider.getValue() * bw);
            divider.setEndX(ox + slider.getValue() * bw);
        };
        slider.valueProperty().addListener((o, x, v) -> place.run());
        place.run();
        VBox slide = new VBox(8, stack, slider,
                new Label(rightLabel + "  ◀ ▶  " + leftLabel));
        slide.setAlignment(Pos.CENTER);
        slide.setPadding(new Insets(12));

        Tab t1 = new Tab(i18n.t("compare.sideBySide"), side);
        Tab t2 = new Tab(i18n.t("compare.slider"), slide);
        t1.setClosable(false);
        t2.setClosable(false);
        TabPane tabs = new TabPane(t1, t2);
        Stage st = DialogStages.of(() -> owner, i18n.t("compare.title"), new BorderPane(tabs), Modality.NONE,
                2 * VIEW + 60, VIEW + 110);
        Scene sc = st.getScene();
        sc.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                st.close(); // Esc closes the comparison
                e.consume();
            }
        });
        st.show();
        return st;
    }

    private static ImageView view(Image img, double scale) {
        ImageView v = new ImageView(img);
        v.setPreserveRatio(true);
        v.setSmooth(scale < 1);
        v.setFitWidth(img.getWidth() * scale);
        v.setFitHeight(img.getHeight() * scale);
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
