package dev.seedframe.service;

import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.Note;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PNG files that carry their generation: the widely read {@code parameters} text (see {@link
 * ParametersText}) and Seedframe's own keys.
 */
public final class PngExport {

    /** Text key of the A1111-style parameters. */
    public static final String PARAMETERS = "parameters";

    private PngExport() {}

    static Map<String, String> text(GenerationRequest request, ModelIdentity model, EngineEnvironment env,
            List<Note> adjustments) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("Model", model.displayName());
        extra.put("Model hash", model.shortId());
        extra.put("Pipeline", request.kind().id());
        if (!request.loras().isEmpty()) {
            extra.put("Lora hashes", ParametersText.loraHashes(request.loras(), LoraFiles.recordedSha256s(model)));
        }
        if (request.maxSequenceLength() != GenerationRequest.DEFAULT_MAX_SEQUENCE_LENGTH) {
            extra.put("Max sequence length", Integer.toString(request.maxSequenceLength()));
        }
        extra.put("Version", "Seedframe " + env.seedframeVersion());
        Map<String, String> text = new LinkedHashMap<>();
        text.put(PARAMETERS, ParametersText.format(request, extra));
        text.put("Software", "Seedframe " + env.seedframeVersion());
        text.put("seedframe.model", model.pipelineClass() + " " + model.displayName() + " " + model.shortId());
        text.put("seedframe.engine", "DJL " + env.djlVersion() + ", libtorch " + env.torchVersion() + ", "
                + env.device() + ", " + env.dtype() + ", noise " + env.noiseSource() + ", " + env.platform());
        if (!adjustments.isEmpty()) {
            text.put("seedframe.adjustments", String.join("\n", Note.english(adjustments)));
        }
        return text;
    }
}
