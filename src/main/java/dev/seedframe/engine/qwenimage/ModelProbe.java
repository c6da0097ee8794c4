package dev.seedframe.engine.qwenimage;

import dev.seedframe.engine.qwenimage.loading.LoadedModel;
import dev.seedframe.engine.qwenimage.pipeline.QwenImagePipeline;
import dev.seedframe.engine.qwenimage.pipeline.RunSettings;
import dev.seedframe.engine.qwenimage.textencoder.PromptCache;
import java.util.concurrent.atomic.AtomicReference;

/** A loaded model's insides, for tests and diagnostics: what it holds, what a run would do. */
final class ModelProbe {

    private final LoadedModel parts;
    private final PromptCache prompts;
    private final AtomicReference<RunSettings> settings;

    ModelProbe(LoadedModel parts, PromptCache prompts, AtomicReference<RunSettings> settings) {
        this.parts = parts;
        this.prompts = prompts;
        this.settings = settings;
    }

    /** From the next run on, a bf16 run draws f32 noise rounded to bf16 instead of torch's bf16 draw. */
    void useRoundedF32NoiseForBf16(boolean on) {
        settings.updateAndGet(s -> s.withNativeBf16Noise(!on));
    }

    /** Whether a CFG step over {@code tokens} joint tokens would run as one batch-2 call with the model's settings. */
    boolean wouldBatchCfg(long tokens) {
        return QwenImagePipeline.batchesCfg(settings.get(), tokens, parts.transformer());
    }

    /** Arrays held by the model's manager and its children (weights and constants only, between runs). */
    int managerArrayCount() {
        return parts.manager().getManagedArrays().size();
    }

    /** Whether the transformer blocks are off the device between runs (int8 evicts them for the decode). */
    boolean transformerBlocksEvicted() {
        return parts.transformer().blocksEvicted();
    }

    /** The transformer as loaded (its Linears' weight forms, the bytes its weights hold). */
    dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer transformer() {
        return parts.transformer();
    }

    /** Prompt-cache hits and misses since loading. */
    int[] promptCacheStats() {
        return new int[] {prompts.hits(), prompts.misses()};
    }
}
