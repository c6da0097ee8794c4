package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.service.ContextBoxes;
import dev.seedframe.service.EditPolicy;
import dev.seedframe.service.ModelSummary;
import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.beans.Observable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The form's outpaint amounts (pixels added on each side of the image shown) and the area they add, which the
 * canvas previews: shown once amounts are set in Outpaint mode, until a run or a node's restored settings replace
 * them (those amounts made the image shown; they add nothing to it until they are set again).
 */
public final class OutpaintAmounts {

    private final IntegerProperty left = new SimpleIntegerProperty(0);
    private final IntegerProperty right = new SimpleIntegerProperty(0);
    private final IntegerProperty top = new SimpleIntegerProperty(0);
    private final IntegerProperty bottom = new SimpleIntegerProperty(0);
    private final ReadOnlyObjectWrapper<Outpaint> extents = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Mode> mode;
    private final ReadOnlyObjectProperty<RgbImage> shown;
    private final ReadOnlyObjectProperty<ModelSummary> model;
    private final Feedback feedback;
    /** Whether the amounts are the designer's plan (shown) rather than a restored node's (not shown). */
    private boolean planned;

    /**
     * @param mode the form's mode (the amounts count in Outpaint mode; setting an aspect switches to it)
     * @param shown the image the canvas shows
     * @param model the chosen model (its size multiple rounds the amounts as the run will)
     * @param restoring whether the form is filling itself from a node (changes then are not the designer's plan)
     */
    OutpaintAmounts(ObjectProperty<Mode> mode, ReadOnlyObjectProperty<RgbImage> shown,
            ReadOnlyObjectProperty<ModelSummary> model, BooleanSupplier restoring, Feedback feedback) {
        this.mode = mode;
        this.shown = shown;
        this.model = model;
        this.feedback = feedback;
        for (Observable o : List.<Observable>of(mode, left, right, top, bottom)) {
            o.addListener(x -> {
                planned |= !restoring.getAsBoolean();
                update();
            });
        }
        shown.addListener(x -> update());
        model.addListener(x -> update());
    }

    /** The amounts as they stand. */
    public Outpaint wanted() {
        return new Outpaint(left.get(), right.get(), top.get(), bottom.get());
    }

    /** Sets all four amounts to {@code o}'s. */
    void set(Outpaint o) {
        left.set(o.left());
        right.set(o.right());
        top.set(o.top());
        bottom.set(o.bottom());
    }

    /** The amounts ran, or a node's were restored: they no longer add to the image shown. */
    void settled() {
        planned = false;
        update();
    }

    /** Sets the amounts that turn the image on the canvas into {@code aw:ah} (e.g. 9:16), no cropping. */
    public void toAspect(int aw, int ah) {
        RgbImage src = shown.get();
        if (src == null) {
            feedback.error(feedback.t("error.noImage"));
            return;
        }
        set(EditPolicy.outpaintToAspect(src.width(), src.height(), aw, ah));
        mode.set(Mode.OUTPAINT);
    }

    private void update() {
        RgbImage src = shown.get();
        ModelSummary m = model.get();
        Outpaint wanted = wanted();
        extents.set(!planned || mode.get() != Mode.OUTPAINT || src == null || m == null || wanted.isEmpty() ? null
                : ContextBoxes.outpaintExtents(src.width(), src.height(), wanted, m));
    }

    public IntegerProperty leftProperty() {
        return left;
    }

    public IntegerProperty rightProperty() {
        return right;
    }

    public IntegerProperty topProperty() {
        return top;
    }

    public IntegerProperty bottomProperty() {
        return bottom;
    }

    /**
     * The amounts the next outpaint adds to the image shown on each side, as it will run them (rounded to the model's
     * multiple when the canvas is worked on whole); null outside Outpaint mode or with nothing to add.
     */
    public ReadOnlyObjectProperty<Outpaint> extentsProperty() {
        return extents.getReadOnlyProperty();
    }
}
