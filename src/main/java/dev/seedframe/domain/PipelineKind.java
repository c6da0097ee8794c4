package dev.seedframe.domain;

/** Which Qwen-Image pipeline a request runs (or {@link #IMPORT}, a picture brought in from a file). */
public enum PipelineKind {
    /** {@code QwenImagePipeline}. */
    TEXT_TO_IMAGE("t2i"),
    /** {@code QwenImageImg2ImgPipeline}. */
    IMAGE_TO_IMAGE("img2img"),
    /** {@code QwenImageInpaintPipeline}. */
    INPAINT("inpaint"),
    /** Inpainting over an enlarged canvas. */
    OUTPAINT("outpaint"),
    /** {@code QwenImageEditPipeline} / {@code QwenImageEditPlusPipeline}. */
    EDIT("edit"),
    /**
     * Not a pipeline: a picture imported from a file, a root of the history that edits start from. Its record
     * keeps the file byte for byte; no model runs for it.
     */
    IMPORT("import");

    private final String id;

    PipelineKind(String id) {
        this.id = id;
    }

    /** Short stable id used in files and on the command line. */
    public String id() {
        return id;
    }

    public static PipelineKind fromId(String id) {
        for (PipelineKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown pipeline kind: " + id);
    }
}
