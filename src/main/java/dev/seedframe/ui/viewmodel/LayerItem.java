package dev.seedframe.ui.viewmodel;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * One row of the layers panel: the base image of an edit chain, or one edit shown over it.
 *
 * @param generationId the generation it shows
 * @param label its text
 * @param base true for the bottom image (always shown)
 */
public record LayerItem(long generationId, String label, boolean base, BooleanProperty visible) {

    public LayerItem(long generationId, String label, boolean base, boolean visible) {
        this(generationId, label, base, new SimpleBooleanProperty(visible));
    }
}
