package dev.seedframe.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;

/** A golden case's {@code args.json}: the exact diffusers call. */
public final class CaseArgs {

    private final JsonObject call;
    private final JsonObject meta;

    private CaseArgs(JsonObject root) {
        this.call = root.getAsJsonObject("call_args");
        this.meta = root.getAsJsonObject("meta");
    }

    public static CaseArgs of(String caseName) {
        return of(Golden.caseDir(caseName));
    }

    /** The case in {@code caseDir} (a folder holding {@code args.json}). */
    public static CaseArgs of(java.nio.file.Path caseDir) {
        return new CaseArgs(JsonParser.parseString(Golden.read(caseDir.resolve("args.json"))).getAsJsonObject());
    }

    public JsonObject call() {
        return call;
    }

    public JsonObject meta() {
        return meta;
    }

    public String prompt() {
        return call.get("prompt").getAsString();
    }

    public String negativePrompt() {
        JsonElement n = call.get("negative_prompt");
        return n == null || n.isJsonNull() ? null : n.getAsString();
    }

    public long seed() {
        return call.getAsJsonObject("generator").get("manual_seed").getAsLong();
    }

    public int steps() {
        return call.get("num_inference_steps").getAsInt();
    }

    public double cfg() {
        JsonElement c = call.get("true_cfg_scale");
        return c == null ? GenerationRequest.DEFAULT_CFG : c.getAsDouble();
    }

    public int width() {
        return call.get("width").getAsInt();
    }

    public int height() {
        return call.get("height").getAsInt();
    }

    public double strength() {
        JsonElement s = call.get("strength");
        return s == null ? GenerationRequest.DEFAULT_STRENGTH : s.getAsDouble();
    }

    /** The request Seedframe runs for this case (images and mask are added by the caller). */
    public GenerationRequest.Builder request(PipelineKind kind) {
        return GenerationRequest.builder(kind)
                .prompt(prompt())
                .negativePrompt(negativePrompt())
                .seed(seed())
                .steps(steps())
                .cfg(cfg())
                .size(width(), height())
                .strength(strength());
    }
}
