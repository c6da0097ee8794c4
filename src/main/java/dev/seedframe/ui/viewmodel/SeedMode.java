package dev.seedframe.ui.viewmodel;

/** What happens to the seed field around a generation (Krita's and ComfyUI's choices). */
public enum SeedMode {
    /** The typed seed is used every time. */
    FIXED,
    /** A fresh random seed is drawn (and shown) before each generation. */
    RANDOM,
    /** The typed seed is used, then increased by one. */
    INCREMENT
}
