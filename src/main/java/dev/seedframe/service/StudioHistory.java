package dev.seedframe.service;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.RgbImage;
import java.nio.file.Path;
import java.util.List;

/** The studio's door to the open project's history and layers. Reads decode images: call them off the FX thread. */
public interface StudioHistory {

    List<GenerationSummary> history() throws Failure;

    /** A generation with its request, inputs and output decoded (and checked against their hashes). */
    GenerationRecord load(long id) throws Failure;

    RgbImage image(String sha256) throws Failure;

    void star(long id, boolean starred) throws Failure;

    void delete(long id) throws Failure;

    List<Layer> layers() throws Failure;

    long addLayer(long generationId) throws Failure;

    void setLayerVisible(long layerId, boolean visible) throws Failure;

    /** Writes a generation's PNG (with its request embedded) to {@code out}. */
    void export(long id, Path out) throws Failure;
}
