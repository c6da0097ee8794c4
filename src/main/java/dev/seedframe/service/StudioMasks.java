package dev.seedframe.service;

import dev.seedframe.domain.Mask;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The studio's door to masks as files and to the mask a picture's transparency gives (the canvas's mask tools).
 * Reads and writes touch files and the project: call them off the FX thread.
 */
public interface StudioMasks {

    /** A mask PNG (white = repaint; any picture, turned to grey) at the size it has; the caller checks the size. */
    Mask readMask(Path file) throws Failure;

    /** Writes {@code mask} as an 8-bit greyscale PNG (white = repaint), atomically. */
    void writeMask(Mask mask, Path file) throws Failure;

    /**
     * The mask that repaints the transparent parts of the picture node {@code id} shows: the alpha channel of the
     * imported picture it is, or that an inpaint chain of the same size started from; empty when there is none
     * (not an import, or an import without transparency).
     */
    Optional<Mask> alphaMask(long id) throws Failure;
}
