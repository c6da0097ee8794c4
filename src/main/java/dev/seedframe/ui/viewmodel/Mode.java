package dev.seedframe.ui.viewmodel;

import dev.seedframe.domain.PipelineKind;

/** What the main button does. */
public enum Mode {
    /** Text to image. */
    CREATE(PipelineKind.TEXT_TO_IMAGE),
    /** Re-imagine the current image, by a strength. */
    IMG2IMG(PipelineKind.IMAGE_TO_IMAGE),
    /** Repaint the masked part of the current image. */
    INPAINT(PipelineKind.INPAINT),
    /** Extend the current image's canvas. */
    OUTPAINT(PipelineKind.OUTPAINT),
    /** Instruction editing (Qwen-Image-Edit models); needs an edit model. */
    EDIT(PipelineKind.EDIT);

    private final PipelineKind kind;

    Mode(PipelineKind kind) {
        this.kind = kind;
    }

    public PipelineKind kind() {
        return kind;
    }

    /** Whether it works on the current image. */
    public boolean needsImage() {
        return this != CREATE;
    }

    public static Mode of(PipelineKind k) {
        for (Mode m : values()) {
            if (m.kind == k) {
                return m;
            }
        }
        return CREATE;
    }
}
