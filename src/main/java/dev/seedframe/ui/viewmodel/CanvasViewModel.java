package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.RgbImage;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.value.ObservableValue;

/**
 * The canvas and its mask tools: the image shown (or the live preview of a run), the mask at image resolution with
 * its brush, eraser, undo and overlay, and whether the mask is painted (Inpaint mode) and drawn.
 */
public final class CanvasViewModel {

    private final ReadOnlyObjectWrapper<RgbImage> image = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RgbImage> preview = new ReadOnlyObjectWrapper<>();
    private final DoubleProperty brushSize = new SimpleDoubleProperty(24);
    private final DoubleProperty brushHardness = new SimpleDoubleProperty(0.8);
    private final DoubleProperty overlayOpacity = new SimpleDoubleProperty(0.5);
    private final BooleanProperty eraser = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<MaskModel> mask = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper maskVersion = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper maskShown = new ReadOnlyBooleanWrapper(true);
    private final BooleanBinding masking;
    private int[] previewSize = {0, 0};

    /** @param mode the form's mode: the mask is painted in Inpaint mode only */
    public CanvasViewModel(ObservableValue<Mode> mode) {
        this.masking = Bindings.createBooleanBinding(() -> mode.getValue() == Mode.INPAINT, mode);
        overlayOpacity.addListener((o, a, b) -> maskShown.set(true)); // adjusting the overlay shows it
    }

    /** Shows {@code img}; a mask of another size is replaced by an empty one of the image's size. */
    void show(RgbImage img) {
        image.set(img);
        MaskModel mm = mask.get();
        if (img != null && (mm == null || mm.width() != img.width() || mm.height() != img.height())) {
            mask.set(new MaskModel(img.width(), img.height()));
            maskVersion.set(maskVersion.get() + 1);
        }
    }

    /** A run begins: its previews stand for an image of {@code width×height}. */
    void runStarts(int width, int height) {
        previewSize = new int[] {width, height};
    }

    void showPreview(RgbImage p) {
        preview.set(p);
    }

    /** The result of an inpaint is what the designer wants to see: the mask is kept, not drawn. */
    void hideMask() {
        maskShown.set(false);
    }

    /** Width and height of the running (or last) request's output: the size its live preview stands for. */
    public int[] runSize() {
        return previewSize.clone();
    }

    public void maskChanged() {
        maskShown.set(true);
        maskVersion.set(maskVersion.get() + 1);
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

    public DoubleProperty brushSizeProperty() {
        return brushSize;
    }

    public DoubleProperty brushHardnessProperty() {
        return brushHardness;
    }

    public DoubleProperty overlayOpacityProperty() {
        return overlayOpacity;
    }

    public BooleanProperty eraserProperty() {
        return eraser;
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
     * Whether the canvas draws the mask over the image: in Inpaint mode, except right after an inpaint (its result
     * is what the designer wants to see); any change to the mask shows it again. The mask itself is kept, so the
     * same region can be tried again from the parent.
     */
    public ReadOnlyBooleanProperty maskShownProperty() {
        return maskShown.getReadOnlyProperty();
    }

    /** Whether a drag on the canvas paints the mask (Inpaint mode) rather than pans. */
    public BooleanBinding maskingBinding() {
        return masking;
    }

    public boolean masking() {
        return masking.get();
    }
}
