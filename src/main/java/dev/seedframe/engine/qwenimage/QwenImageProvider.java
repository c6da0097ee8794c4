package dev.seedframe.engine.qwenimage;

import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.ImageModel;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.ModelProvider;
import dev.seedframe.engine.Precision;
import java.nio.file.Path;

/** The engine's model provider: Qwen-Image family folders on DJL's PyTorch engine. */
public final class QwenImageProvider implements ModelProvider {

    private final Precision precision;

    /** Opens models in float32. */
    public QwenImageProvider() {
        this(Precision.F32);
    }

    /** Opens models computing in {@code precision}. */
    public QwenImageProvider(Precision precision) {
        this.precision = java.util.Objects.requireNonNull(precision, "precision");
    }

    @Override
    public ModelInfo inspect(Path dir) throws EngineException {
        return QwenImageModel.inspect(dir);
    }

    @Override
    public ImageModel open(Path dir) throws EngineException {
        return QwenImageModel.open(dir, precision);
    }
}
