package dev.seedframe.testing;

import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.service.Generation;
import dev.seedframe.service.SeedframePng;
import java.util.List;

/** Seedframe PNGs of a generation that never ran, for tests that import them. */
public final class SeedframePngs {

    private SeedframePngs() {}

    /** The PNG an export of a generation of {@code request} with these pixels, model and engine would write. */
    public static byte[] encode(RgbImage image, GenerationRequest request, ModelIdentity model, EngineEnvironment env) {
        return SeedframePng.encode(Generation.ran(request, RequestJson.write(request), new GenerationOutput(image,
                List.of(), new Timings(0, 0, 0, 0), request.steps(), model, env, null)));
    }
}
