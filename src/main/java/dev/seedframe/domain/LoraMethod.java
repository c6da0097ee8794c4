package dev.seedframe.domain;

/** How a LoRA adapter reaches the model's weights. */
public enum LoraMethod {
    /**
     * Applied at run time, as diffusers (PEFT) does by default: every adapted Linear computes {@code W·x + w·s·B(A·x)}
     * with the base weight untouched.
     */
    RUNTIME("runtime"),
    /** Merged into the weights before the run, as diffusers' {@code fuse_lora}: {@code W' = W + w·s·B·A}. */
    MERGED("merged");

    private final String id;

    LoraMethod(String id) {
        this.id = id;
    }

    /** Short stable id used in files and on the command line. */
    public String id() {
        return id;
    }

    public static LoraMethod fromId(String id) {
        for (LoraMethod m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown LoRA method: " + id + " (runtime or merged)");
    }
}
