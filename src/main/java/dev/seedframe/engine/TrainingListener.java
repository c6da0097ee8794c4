package dev.seedframe.engine;

/** What a training run reports as it goes (the command line draws a progress bar from it). */
public interface TrainingListener {

    /**
     * After each optimisation step.
     *
     * @param stage the stage running ("vae", "transformer")
     * @param step steps done in this stage
     * @param totalSteps steps the stage runs in all
     * @param loss this step's loss
     * @param averageLoss the mean loss over the last steps
     * @param secondsPerStep mean wall time of the recent steps
     */
    void step(String stage, int step, int totalSteps, double loss, double averageLoss, double secondsPerStep);

    /** A line worth telling (a checkpoint written, a stage done, a figure measured). */
    void note(String message);

    /** A listener that ignores everything. */
    static TrainingListener silent() {
        return new TrainingListener() {
            @Override
            public void step(String stage, int step, int totalSteps, double loss, double averageLoss,
                    double secondsPerStep) {}

            @Override
            public void note(String message) {}
        };
    }
}
