package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.service.LoraSummary;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;

/** One LoRA of the LoRA panel: its file, what was detected in it, and the weight it is applied with. */
public final class LoraRow {

    private final LoraSummary summary;
    private final DoubleProperty weight;

    LoraRow(LoraSummary summary, double weight) {
        this.summary = summary;
        this.weight = new SimpleDoubleProperty(weight);
    }

    public LoraSummary summary() {
        return summary;
    }

    public String fileName() {
        return summary.fileName();
    }

    /** The weight, between {@link LoraViewModel#MIN_WEIGHT} and {@link LoraViewModel#MAX_WEIGHT}. */
    public DoubleProperty weightProperty() {
        return weight;
    }

    LoraSpec spec(LoraMethod method) {
        return new LoraSpec(summary.file().toString(), weight.get(), method);
    }
}
