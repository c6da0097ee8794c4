package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.ContextBox;
import dev.seedframe.service.ContextBoxes;
import dev.seedframe.service.ModelSummary;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * An inpaint's context box, as the canvas draws it and the request carries it: the part of the picture the model
 * sees (the mask's bounds with a margin of context around them, clipped to the picture) and the size the model works
 * on it at ({@link ContextBoxes#fit}: its own pixels when its area suits the model, else scaled). By default the
 * margin is the service's ({@link ContextBoxes#defaultContextPx}: half the mask's larger side, at least 64 px); a
 * typed context sets the margin; dragging the box's edges or corners sets the box itself, which always holds the
 * whole mask (a stroke outside it widens it). The picture may be of any size: the output keeps it.
 */
public final class ContextBoxModel {

    /** The smallest side a dragged box keeps, in pixels of the picture. */
    static final int MIN_SIDE_PX = 8;

    private final ObjectProperty<ModelSummary> model = new SimpleObjectProperty<>();
    private final BooleanProperty auto = new SimpleBooleanProperty(true);
    private final IntegerProperty contextPx = new SimpleIntegerProperty(ContextBoxes.MIN_CONTEXT_PX);
    private final ReadOnlyObjectWrapper<ContextBox> box = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper custom = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<int[]> tooNarrow = new ReadOnlyObjectWrapper<>();
    /** The box dragged by hand, {x0, y0, x1, y1} (exclusive ends), or null. */
    private int[] dragged;
    private int[] maskBounds;
    private int imageWidth;
    private int imageHeight;
    private boolean updating;

    ContextBoxModel() {
        model.addListener((o, a, b) -> update());
        auto.addListener((o, a, on) -> {
            if (!updating && on) {
                dragged = null;
                update();
            }
        });
        contextPx.addListener((o, a, b) -> {
            if (!updating) {
                // a typed margin: the box is the mask's with it
                dragged = null;
                setQuietly(() -> auto.set(false));
                update();
            }
        });
    }

    /** The picture is now {@code width × height} (0 × 0: none); a box dragged on a picture of another size goes. */
    void imageChanged(int width, int height) {
        if (width != imageWidth || height != imageHeight) {
            dragged = null;
        }
        imageWidth = width;
        imageHeight = height;
        update();
    }

    /** The mask's painted bounds are now {@code bounds} ({x0, y0, x1, y1}; null: nothing painted). */
    void maskChanged(int[] bounds) {
        maskBounds = bounds;
        update();
    }

    /**
     * Sets the box by hand (a drag of its edges or corners), in picture coordinates, corners in any order: clipped to
     * the picture, at least {@link #MIN_SIDE_PX} on a side; it is widened to hold the mask and fitted to the model.
     */
    public void drag(double xa, double ya, double xb, double yb) {
        if (imageWidth == 0) {
            return;
        }
        int x0 = clamp((int) Math.round(Math.min(xa, xb)), 0, imageWidth - MIN_SIDE_PX);
        int y0 = clamp((int) Math.round(Math.min(ya, yb)), 0, imageHeight - MIN_SIDE_PX);
        int x1 = clamp((int) Math.round(Math.max(xa, xb)), x0 + MIN_SIDE_PX, imageWidth);
        int y1 = clamp((int) Math.round(Math.max(ya, yb)), y0 + MIN_SIDE_PX, imageHeight);
        dragged = new int[] {x0, y0, x1, y1};
        update();
    }

    /** Back to the service's default box around the mask. */
    public void reset() {
        dragged = null;
        if (auto.get()) {
            update();
        } else {
            auto.set(true);
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private void setQuietly(Runnable r) {
        boolean was = updating;
        updating = true;
        try {
            r.run();
        } finally {
            updating = was;
        }
    }

    private void update() {
        ModelSummary m = model.get();
        int[] b = maskBounds;
        custom.set(dragged != null);
        if (b != null && auto.get()) {
            setQuietly(() -> contextPx.set(ContextBoxes.defaultContextPx(b)));
        }
        if (b == null || m == null || imageWidth == 0) {
            box.set(null);
            tooNarrow.set(null);
            return;
        }
        int[] r = region(b);
        try {
            box.set(dragged != null ? ContextBoxes.fit(r[0], r[1], r[2] - r[0], r[3] - r[1], imageWidth, imageHeight, m)
                    : ContextBoxes.aroundBounds(b, contextPx.get(), imageWidth, imageHeight, m));
            tooNarrow.set(null);
        } catch (IllegalArgumentException narrow) {
            box.set(null);
            tooNarrow.set(new int[] {r[2] - r[0], r[3] - r[1]});
        }
    }

    /** The region the box is made from: the dragged box widened to hold the mask, or the mask with its margin. */
    private int[] region(int[] b) {
        if (dragged != null) {
            return new int[] {Math.min(dragged[0], b[0]), Math.min(dragged[1], b[1]), Math.max(dragged[2], b[2]),
                Math.max(dragged[3], b[3])};
        }
        int c = Math.max(0, contextPx.get());
        return new int[] {Math.max(0, b[0] - c), Math.max(0, b[1] - c), Math.min(imageWidth, b[2] + c),
            Math.min(imageHeight, b[3] + c)};
    }

    /** The model whose sizes the box is fitted to (the form's). */
    public ObjectProperty<ModelSummary> modelProperty() {
        return model;
    }

    /** Whether the margin is the service's default for the mask (true until a context is typed). */
    public BooleanProperty autoProperty() {
        return auto;
    }

    /** The margin around the mask, in pixels of the picture (the default one while {@link #autoProperty()}). */
    public IntegerProperty contextPxProperty() {
        return contextPx;
    }

    /** The box and its work size; null when nothing is painted, or the box is too narrow for the model. */
    public ReadOnlyObjectProperty<ContextBox> boxProperty() {
        return box.getReadOnlyProperty();
    }

    public ContextBox box() {
        return box.get();
    }

    /** Whether the box was set by hand (dragged), rather than made from the mask and a margin. */
    public ReadOnlyBooleanProperty customProperty() {
        return custom.getReadOnlyProperty();
    }

    /**
     * The width and height of a region too narrow for the model (it would be stretched out of shape at any size the
     * model makes), or null.
     */
    public ReadOnlyObjectProperty<int[]> tooNarrowProperty() {
        return tooNarrow.getReadOnlyProperty();
    }
}
