package dev.seedframe.app.cli;

/** {@code --device}: where the engine computes. */
public enum Device {
    cpu,
    gpu
}
