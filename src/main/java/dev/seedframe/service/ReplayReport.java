package dev.seedframe.service;

import java.util.List;
import java.util.Locale;

/**
 * What replaying a stored generation showed.
 *
 * @param generationId the generation replayed
 * @param verdict identical, visually identical or drifted
 * @param psnr PSNR of the replay against the stored image in dB (infinite when identical)
 * @param maxDiff largest per-channel difference, 0..255
 * @param differences what differs between the recorded and the current model identity and engine
 *     environment, in words (empty when nothing does)
 * @param modelFolder the model folder the replay ran, or null when not known
 */
public record ReplayReport(long generationId, Verdict verdict, double psnr, int maxDiff, List<String> differences,
        java.nio.file.Path modelFolder) {

    public ReplayReport(long generationId, Verdict verdict, double psnr, int maxDiff, List<String> differences) {
        this(generationId, verdict, psnr, maxDiff, differences, null);
    }

    /** PSNR at or above which a replay that is not bit-identical still counts as visually identical. */
    public static final double VISUALLY_IDENTICAL_DB = 40.0;

    public enum Verdict {
        IDENTICAL,
        VISUALLY_IDENTICAL,
        DRIFTED
    }

    public ReplayReport {
        differences = List.copyOf(differences);
    }

    /** One line for people. */
    public String describe() {
        String why = differences.isEmpty() ? "" : "; " + String.join("; ", differences);
        return switch (verdict) {
            case IDENTICAL -> "#" + generationId + " identical pixels" + (differences.isEmpty() ? ""
                    : " (although " + String.join("; ", differences) + ")");
            case VISUALLY_IDENTICAL -> String.format(Locale.ROOT,
                    "#%d visually identical: PSNR %.1f dB, max difference %d levels%s", generationId, psnr, maxDiff, why);
            case DRIFTED -> String.format(Locale.ROOT, "#%d drifted: PSNR %.1f dB, max difference %d levels%s",
                    generationId, psnr, maxDiff,
                    differences.isEmpty() ? "; the recorded model and environment are unchanged, so the engine is"
                            + " not deterministic here" : why);
        };
    }
}
