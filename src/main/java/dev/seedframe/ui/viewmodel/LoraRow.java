package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.service.LoraSummary;
import java.nio.file.Path;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;

/**
 * One LoRA of the LoRA panel: its file, what was detected in it (or, for a restored LoRA found nowhere, why it is
 * missing), and the weight it is applied with. The weight is kept exactly as it was given (a restored node's weight may
 * be 2.5 or 0.125, as the CLI allows); a weight the person types or slides to is kept within the panel's range, to
 * hundredths.
 */
public final class LoraRow {

    /** Weights are kept to hundredths: what a slider drags to is a weight a person can read and type again. */
    private static final double HUNDREDTHS = 100;

    private final Path file;
    private final LoraSummary summary;
    private final String missing;
    private final ReadOnlyDoubleWrapper weight;

    /**
     * @param weight kept as it is (a weight recorded or restored); {@link #setWeight} is for what the person sets
     */
    LoraRow(LoraSummary summary, double weight) {
        this(summary.file(), summary, null, weight);
    }

    private LoraRow(Path file, LoraSummary summary, String missing, double weight) {
        this.file = file;
        this.summary = summary;
        this.missing = missing;
        this.weight = new ReadOnlyDoubleWrapper(weight);
    }

    /** A restored LoRA found nowhere: its recorded path and weight, and why it is missing ({@code message}). */
    static LoraRow missing(LoraSpec recorded, String message) {
        return new LoraRow(Path.of(recorded.path()), null, message, recorded.weight());
    }

    /** {@code w} within the panel's range, to hundredths. */
    private static double normal(double w) {
        double in = Math.max(LoraViewModel.MIN_WEIGHT, Math.min(LoraViewModel.MAX_WEIGHT, w));
        return Math.round(in * HUNDREDTHS) / HUNDREDTHS;
    }

    /** What the file holds; null when the file is missing. */
    public LoraSummary summary() {
        return summary;
    }

    /** The file: where it is, or for a missing one where it was recorded. */
    public Path file() {
        return file;
    }

    public String fileName() {
        return String.valueOf(file.getFileName());
    }

    /** Whether the file was found nowhere (a generation refuses to run until the row is removed or found). */
    public boolean isMissing() {
        return summary == null;
    }

    /** Why the file is missing, naming it; null when it is there. */
    public String missingMessage() {
        return missing;
    }

    /** The weight the requests carry, exactly. */
    public ReadOnlyDoubleProperty weightProperty() {
        return weight.getReadOnlyProperty();
    }

    /**
     * A weight the person typed or slid to: kept between {@link LoraViewModel#MIN_WEIGHT} and
     * {@link LoraViewModel#MAX_WEIGHT}, to hundredths; a value that is no number changes nothing.
     */
    public void setWeight(double w) {
        if (Double.isFinite(w)) {
            weight.set(normal(w));
        }
    }

    LoraSpec spec(LoraMethod method) {
        return new LoraSpec(file.toString(), weight.get(), method);
    }
}
