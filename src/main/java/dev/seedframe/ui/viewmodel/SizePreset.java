package dev.seedframe.ui.viewmodel;

import java.util.List;

/**
 * A size choice: the model's suggested size, one of Qwen-Image's recommended sizes, or custom.
 *
 * @param key message key of its label
 * @param width width in pixels (0 for the model default and custom)
 * @param height height in pixels
 */
public record SizePreset(String key, int width, int height) {

    public static final SizePreset MODEL_DEFAULT = new SizePreset("size.default", 0, 0);
    public static final SizePreset CUSTOM = new SizePreset("size.custom", 0, 0);

    /** Qwen-Image's recommended sizes (the model card's aspect-ratio table). */
    public static final List<SizePreset> QWEN_IMAGE = List.of(
            new SizePreset("size.1_1", 1328, 1328),
            new SizePreset("size.16_9", 1664, 928),
            new SizePreset("size.9_16", 928, 1664),
            new SizePreset("size.4_3", 1472, 1104),
            new SizePreset("size.3_4", 1104, 1472),
            new SizePreset("size.3_2", 1584, 1056),
            new SizePreset("size.2_3", 1056, 1584));

    public static List<SizePreset> all() {
        List<SizePreset> l = new java.util.ArrayList<>();
        l.add(MODEL_DEFAULT);
        l.addAll(QWEN_IMAGE);
        l.add(CUSTOM);
        return l;
    }

    public boolean isFixed() {
        return width > 0;
    }
}
