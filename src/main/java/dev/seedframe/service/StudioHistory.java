package dev.seedframe.service;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The studio's door to the open project's history and layers. Reads decode images: call them off the FX thread. */
public interface StudioHistory {

    List<GenerationSummary> history() throws Failure;

    /** A generation with its request, inputs and output decoded (and checked against their hashes). */
    GenerationRecord load(long id) throws Failure;

    RgbImage image(String sha256) throws Failure;

    void star(long id, boolean starred) throws Failure;

    void delete(long id) throws Failure;

    /**
     * Node {@code id}'s layers (its base and each edit's layer over it, {@link LayerStacks}) with their pixels, the
     * nodes {@code deleted} counted as deleted (the studio's trash).
     */
    LayerStacks.Stack layerStack(long id, Set<Long> deleted) throws Failure;

    void setLayerVisible(long layerId, boolean visible) throws Failure;

    /** Sets a layer's opacity, 0 (transparent) to 1 (opaque). */
    void setLayerOpacity(long layerId, double opacity) throws Failure;

    /** Writes a generation's PNG (with its request embedded) to {@code out}. */
    void export(long id, Path out) throws Failure;
}
