package dev.seedframe.app.cli;

import dev.seedframe.domain.GenerationRequest;
import picocli.CommandLine.Option;

/** {@code --raw} and {@code --feather}: how inpaint and outpaint join new pixels to the kept ones. */
public final class MaskedEditOptions {

    @Option(names = "--raw", description = "Return the pipeline's own decoded output (identical to diffusers'),"
            + " without copying the kept pixels back.")
    boolean raw;

    @Option(names = "--feather", paramLabel = "PX", defaultValue = "" + GenerationRequest.DEFAULT_FEATHER_PX,
            description = "Width of the soft edge where new and kept pixels meet (default ${DEFAULT-VALUE}).")
    int feather;

    GenerationRequest.Builder apply(GenerationRequest.Builder b) {
        return b.raw(raw).featherPx(feather);
    }
}
