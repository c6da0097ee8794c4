package dev.seedframe.engine;

/**
 * The members of the Qwen-Image family Seedframe knows, as a model folder (or a single file's name) says which
 * it is. Qwen-Image-2512 has the same pipeline class and configs as Qwen-Image, so only its name (repository or
 * folder) tells them apart; the Edit models differ in their pipeline class, and Edit-2511 from Edit-2509 in the
 * transformer config's {@code zero_cond_t}.
 */
public enum ModelVariant {
    QWEN_IMAGE("Qwen-Image"),
    QWEN_IMAGE_2512("Qwen-Image-2512"),
    EDIT("Qwen-Image-Edit"),
    EDIT_2509("Qwen-Image-Edit-2509"),
    EDIT_2511("Qwen-Image-Edit-2511");

    private final String label;

    ModelVariant(String label) {
        this.label = label;
    }

    /** The name the Qwen team publishes it under, e.g. {@code Qwen-Image-Edit-2509}. */
    public String label() {
        return label;
    }

    public boolean isEdit() {
        return this == EDIT || this == EDIT_2509 || this == EDIT_2511;
    }
}
