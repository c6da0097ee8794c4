package dev.seedframe.testing;

import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.qwenimage.QwenImageModel;

/** The embedded tiny model, loaded once per test JVM (loading is cheap, but tests are many). */
public final class TinyModel {

    private static QwenImageModel model;

    private TinyModel() {}

    public static synchronized QwenImageModel get() {
        if (model == null) {
            try {
                model = QwenImageModel.open(Golden.tinyModel());
            } catch (EngineException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return model;
    }
}
