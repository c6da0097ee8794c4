package dev.seedframe.engine.qwenimage.loading;

import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.ModelInfo;
import dev.seedframe.engine.lora.LoraOps;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.qwenimage.pipeline.QwenImageEditPipeline;
import dev.seedframe.engine.qwenimage.scheduler.FlowMatchEulerScheduler;
import dev.seedframe.engine.qwenimage.textencoder.PromptEncoder;
import dev.seedframe.engine.qwenimage.textencoder.QwenVlImageProcessor;
import dev.seedframe.engine.qwenimage.textencoder.TextEncoderConfig;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.qwenimage.vae.QwenImageVae;
import dev.seedframe.engine.tokenizer.QwenTokenizer;
import dev.seedframe.engine.weights.Checkpoint;

/**
 * The components of a model folder as {@link ModelLoader} placed them, ready to be sequenced by pipelines.
 *
 * @param configs the folder's configs
 * @param info identity, capabilities and environment
 * @param device where it computes
 * @param manager the model's root manager on that device (weights, constants, caches)
 * @param tokenizer the Qwen2 tokenizer
 * @param transformer the denoiser, loaded in the memory mode's placement
 * @param vae the VAE, loaded
 * @param textEncoder the text encoder, resident or offloaded per encoding
 * @param scheduler the flow-matching scheduler
 * @param edit the edit models' parts, or null
 * @param streamedCheckpoint the transformer's checkpoint, kept open with the model: its blocks are streamed or
 *     reloaded from it, and the weights of Linears whose merged LoRAs change are materialised again from it
 * @param f32 the float32 operations of the text encoder, vision tower and VAE (the transformer has its own, {@link
 *     QwenImageTransformer#ops()})
 * @param lora the transformer's operations: the LoRA decorator of its compute dtype's ({@link
 *     QwenImageTransformer#ops()} is this object)
 */
public record LoadedModel(ModelConfigs configs, ModelInfo info, DeviceInfo device, NDManager manager,
        QwenTokenizer tokenizer, QwenImageTransformer transformer, QwenImageVae vae,
        PromptEncoder.EncoderSource textEncoder, FlowMatchEulerScheduler scheduler, EditParts edit,
        Checkpoint streamedCheckpoint, Ops f32, LoraOps lora) {

    /**
     * What only the edit models load: the Qwen2-VL image processor and the vision tower.
     *
     * @param processor the image processor
     * @param towers the vision tower, resident or loaded per encoding
     * @param textConfig the text encoder's config (the edit prompt template needs its token ids)
     * @param plus Edit Plus (Qwen-Image-Edit-2509: several images, picture prefixes)
     */
    public record EditParts(QwenVlImageProcessor processor, QwenImageEditPipeline.TowerSource towers,
            TextEncoderConfig textConfig, boolean plus) {}

    /** Frees what the model holds (its weights with the manager), the tokenizer and a kept checkpoint. */
    public void close() {
        lora.clear();
        tokenizer.close();
        manager.close();
        if (streamedCheckpoint != null) {
            streamedCheckpoint.close();
        }
    }
}
