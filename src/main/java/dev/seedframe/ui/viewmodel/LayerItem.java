package dev.seedframe.ui.viewmodel;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * One row of the layers panel: the base image of an edit chain, or one edit's layer over it.
 *
 * @param layerId the stored layer, or null for the base (always shown, opaque)
 * @param generationId the generation it shows
 * @param label its text
 * @param base true for the bottom image
 * @param visible whether it is shown
 * @param opacity 0 (transparent) to 1 (opaque)
 */
public record LayerItem(Long layerId, long generationId, String label, boolean base, BooleanProperty visible,
        DoubleProperty opacity) {

    public LayerItem(Long layerId, long generationId, String label, boolean base, boolean visible, double opacity) {
        this(layerId, generationId, label, base, new SimpleBooleanProperty(visible), new SimpleDoubleProperty(opacity));
    }
}
