package dev.seedframe.engine.weights;

import java.util.List;

/** The checkpoint's tensors do not match what the component's config requires; every problem is listed. */
public final class CheckpointMismatchException extends WeightsException {

    private final List<String> missing;
    private final List<String> wrongShape;
    private final List<String> unexpected;
    private final List<String> wrongDtype;

    CheckpointMismatchException(
            String message, List<String> missing, List<String> wrongShape, List<String> unexpected, List<String> wrongDtype) {
        super(message);
        this.missing = List.copyOf(missing);
        this.wrongShape = List.copyOf(wrongShape);
        this.unexpected = List.copyOf(unexpected);
        this.wrongDtype = List.copyOf(wrongDtype);
    }

    /** Keys the config requires that the checkpoint lacks. */
    public List<String> missing() {
        return missing;
    }

    /** "key: checkpoint [..], config expects [..]" entries. */
    public List<String> wrongShape() {
        return wrongShape;
    }

    /** Keys the checkpoint has that the component does not use. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** "key: dtype X" entries for element types that are not f32/f16/bf16. */
    public List<String> wrongDtype() {
        return wrongDtype;
    }
}
