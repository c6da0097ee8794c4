package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.service.LoraSummary;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;

/** One LoRA of the LoRA panel: its file, what was detected in it, and the weight it is applied with. */
public final class LoraRow {

    /** Weights are kept to hundredths: what a slider drags to is a weight a person can read and type again. */
    private static final double HUNDREDTHS = 100;

    private final LoraSummary summary;
    private final DoubleProperty weight;

    LoraRow(LoraSummary summary, double weight) {
        this.summary = summary;
        this.weight = new SimpleDoubleProperty(normal(weight));
        this.weight.addListener((o, a, w) -> {
            double n = normal(w.doubleValue());
            if (n != w.doubleValue()) {
                this.weight.set(n);
            }
        });
    }

    /** {@code w} within the panel's range, to hundredths. */
    private static double normal(double w) {
        double in = Math.max(LoraViewModel.MIN_WEIGHT, Math.min(LoraViewModel.MAX_WEIGHT, w));
        return Math.round(in * HUNDREDTHS) / HUNDREDTHS;
    }

    public LoraSummary summary() {
        return summary;
    }

    public String fileName() {
        return summary.fileName();
    }

    /** The weight, between {@link LoraViewModel#MIN_WEIGHT} and {@link LoraViewModel#MAX_WEIGHT}, to hundredths. */
    public DoubleProperty weightProperty() {
        return weight;
    }

    LoraSpec spec(LoraMethod method) {
        return new LoraSpec(summary.file().toString(), weight.get(), method);
    }
}
