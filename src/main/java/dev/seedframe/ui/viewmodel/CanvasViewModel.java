package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.RgbImage;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;

/**
 * The canvas and its mask tools: the image shown (or the live preview of a run), the mask at image resolution with
 * its tools (brush, rectangle, lasso, polygon; each adds, or takes away with subtract), undo, overlay colour and
 * opacity, whether the mask is painted (Inpaint mode) and how it is drawn; the inpaint's context box around the mask
 * ({@link ContextBoxModel}) and the area an outpaint will add, both drawn before a run.
 */
public final class CanvasViewModel {

    /** The overlay's first colour: an orange-red that stands out on most pictures (not on red ones: choose another). */
    public static final int DEFAULT_OVERLAY_RGB = 0xff5a36;

    private final ReadOnlyObjectWrapper<RgbImage> image = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RgbImage> preview = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<MaskTool> tool = new SimpleObjectProperty<>(MaskTool.BRUSH);
    private final BooleanProperty subtract = new SimpleBooleanProperty(false);
    private final DoubleProperty brushSize = new SimpleDoubleProperty(24);
    private final DoubleProperty brushHardness = new SimpleDoubleProperty(0.8);
    private final DoubleProperty overlayOpacity = new SimpleDoubleProperty(0.5);
    private final IntegerProperty overlayRgb = new SimpleIntegerProperty(DEFAULT_OVERLAY_RGB);
    private final ReadOnlyObjectWrapper<MaskModel> mask = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper maskVersion = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper maskOutlined = new ReadOnlyBooleanWrapper(false);
    private final ObjectProperty<Outpaint> outpaintPreview = new SimpleObjectProperty<>();
    private final ContextBoxModel contextBox = new ContextBoxModel();
    private final BooleanBinding masking;
    private int[] previewSize = {0, 0};
    private ContextBox previewBox;

    /** @param mode the form's mode: the mask is painted in Inpaint mode only */
    public CanvasViewModel(ObservableValue<Mode> mode) {
        this.masking = Bindings.createBooleanBinding(() -> mode.getValue() == Mode.INPAINT, mode);
        overlayOpacity.addListener((o, a, b) -> maskOutlined.set(false)); // adjusting the overlay shows it whole
        overlayRgb.addListener((o, a, b) -> maskOutlined.set(false));
    }

    /** Shows {@code img}; a mask of another size is replaced by an empty one of the image's size. */
    void show(RgbImage img) {
        image.set(img);
        MaskModel mm = mask.get();
        if (img != null && (mm == null || mm.width() != img.width() || mm.height() != img.height())) {
            mask.set(new MaskModel(img.width(), img.height()));
            maskVersion.set(maskVersion.get() + 1);
        }
        contextBox.imageChanged(img == null ? 0 : img.width(), img == null ? 0 : img.height());
        contextBox.maskChanged(mask.get() == null ? null : mask.get().bounds());
    }

    /**
     * A run begins: its previews stand for an image of {@code width×height}, or, when it edits at full resolution,
     * for its context box within it (null: the whole image).
     */
    void runStarts(int width, int height, ContextBox box) {
        previewSize = new int[] {width, height};
        previewBox = box;
    }

    void showPreview(RgbImage p) {
        preview.set(p);
    }

    /**
     * After an inpaint: its result is what the designer wants to see, and the region it repainted stays visible on
     * it as the mask's outline; any change to the mask fills it again.
     */
    void outlineMask() {
        maskOutlined.set(true);
    }

    /** Width and height of the running (or last) request's output: the size its live preview stands for. */
    public int[] runSize() {
        return previewSize.clone();
    }

    /** The part of {@link #runSize()} the live preview shows (a full-resolution edit's box), or null: all of it. */
    public ContextBox runBox() {
        return previewBox;
    }

    /** The mask was painted on (or replaced): it is drawn filled, and the context box follows it. */
    public void maskChanged() {
        maskOutlined.set(false);
        maskVersion.set(maskVersion.get() + 1);
        contextBox.maskChanged(mask.get() == null ? null : mask.get().bounds());
    }

    /**
     * Adds the rectangle between two corners (image coordinates) to the mask, or takes it away when the subtract
     * mode is on, or {@code invertOp} (a modifier held) turns it around. One undo step.
     */
    public void rectangle(double xa, double ya, double xb, double yb, boolean invertOp) {
        if (mask.get() != null) {
            mask.get().rectangle(xa, ya, xb, yb, subtract.get() != invertOp);
            maskChanged();
        }
    }

    /** Adds (or takes away, as {@link #rectangle}) the closed outline through the points, image coordinates. */
    public void lasso(double[] xs, double[] ys, boolean invertOp) {
        if (mask.get() != null && xs.length >= 3) {
            mask.get().lasso(xs, ys, subtract.get() != invertOp);
            maskChanged();
        }
    }

    /** Replaces the mask with {@code m} of the image's size (a mask file, a picture's transparency); undoable. */
    void replaceMask(Mask m) {
        mask.get().replace(m);
        maskChanged();
    }

    public void invertMask() {
        if (mask.get() != null) {
            mask.get().invert();
            maskChanged();
        }
    }

    public void clearMask() {
        if (mask.get() != null) {
            mask.get().clear();
            maskChanged();
        }
    }

    public void undoMask() {
        if (mask.get() != null) {
            mask.get().undo();
            maskChanged();
        }
    }

    public void redoMask() {
        if (mask.get() != null) {
            mask.get().redo();
            maskChanged();
        }
    }

    /** {@code [} and {@code ]}: brush size down or up by about 15%. */
    public void growBrush(boolean up) {
        double s = brushSize.get();
        brushSize.set(Math.max(1, Math.min(512, up ? Math.ceil(s * 1.15) : Math.floor(s / 1.15))));
    }

    public ReadOnlyObjectProperty<RgbImage> imageProperty() {
        return image.getReadOnlyProperty();
    }

    public RgbImage image() {
        return image.get();
    }

    public ReadOnlyObjectProperty<RgbImage> previewProperty() {
        return preview.getReadOnlyProperty();
    }

    /** What a drag paints with in Inpaint mode. */
    public ObjectProperty<MaskTool> toolProperty() {
        return tool;
    }

    /** Whether the mask tools take away from the mask (the brush erases) rather than add to it. */
    public BooleanProperty subtractProperty() {
        return subtract;
    }

    public DoubleProperty brushSizeProperty() {
        return brushSize;
    }

    public DoubleProperty brushHardnessProperty() {
        return brushHardness;
    }

    public DoubleProperty overlayOpacityProperty() {
        return overlayOpacity;
    }

    /** The overlay's colour, {@code 0xRRGGBB}. */
    public IntegerProperty overlayRgbProperty() {
        return overlayRgb;
    }

    public ReadOnlyObjectProperty<MaskModel> maskProperty() {
        return mask.getReadOnlyProperty();
    }

    public MaskModel mask() {
        return mask.get();
    }

    public ReadOnlyIntegerProperty maskVersionProperty() {
        return maskVersion.getReadOnlyProperty();
    }

    /**
     * Whether the mask is drawn as its outline rather than filled: right after an inpaint, so that the result shows
     * and the region it repainted stays visible on it (the mask is kept for trying again); any change to the mask or
     * the overlay fills it again. The mask is drawn in Inpaint mode only.
     */
    public ReadOnlyBooleanProperty maskOutlinedProperty() {
        return maskOutlined.getReadOnlyProperty();
    }

    /** The inpaint's context box around the mask. */
    public ContextBoxModel contextBox() {
        return contextBox;
    }

    /** The amounts the next outpaint adds on each side (the form's, as it will run them), or null: none to show. */
    public ObjectProperty<Outpaint> outpaintPreviewProperty() {
        return outpaintPreview;
    }

    /** Whether a drag on the canvas paints the mask (Inpaint mode) rather than pans. */
    public BooleanBinding maskingBinding() {
        return masking;
    }

    public boolean masking() {
        return masking.get();
    }
}
