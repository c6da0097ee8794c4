package dev.seedframe.engine.qwenimage.loading;

import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.engine.qwenimage.scheduler.SchedulerConfig;
import dev.seedframe.engine.qwenimage.textencoder.TextEncoderConfig;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.qwenimage.vae.VaeConfig;
import dev.seedframe.engine.weights.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configs of a model folder, read and cross-checked before any weight is: each component's own {@code
 * config.json} (architecture sizes come only from there) and what the model can do because of them.
 */
public record ModelConfigs(PipelineFolder folder, TransformerConfig transformer, VaeConfig vae,
        TextEncoderConfig textEncoder, SchedulerConfig scheduler, ModelSources sources) {

    /** diffusers' {@code default_sample_size}: the default output is this many latents on a side. */
    static final int DEFAULT_SAMPLE_SIZE = 128;

    /** Sides above this many pixels are refused (RoPE and memory grow quadratically beyond). */
    public static final int MAX_SIDE_PX = 4096;

    /** Edit Plus ({@code QwenImageEditPlusPipeline}) takes up to this many input images. */
    static final int EDIT_PLUS_MAX_IMAGES = 3;

    /** Reads and cross-checks every config of the folder in {@code dir}. */
    public static ModelConfigs read(Path dir) throws WeightsException {
        return read(ModelSources.folder(dir));
    }

    /** Reads and cross-checks every config of a model's components, wherever each comes from. */
    public static ModelConfigs read(ModelSources sources) throws WeightsException {
        PipelineFolder folder = sources.folder();
        TransformerConfig tc = TransformerConfig.fromJson(sources.transformer().config());
        VaeConfig vc = VaeConfig.fromJson(sources.vae().config());
        TextEncoderConfig ec = TextEncoderConfig.read(sources.textEncoder());
        SchedulerConfig sc = SchedulerConfig.fromJson(folder.component("scheduler").resolve("scheduler_config.json"));
        checkConsistent(tc, vc, ec);
        return new ModelConfigs(folder, tc, vc, ec, sc, sources);
    }

    /** What a model of these configs can do. */
    public ModelCapabilities capabilities() {
        // a small model that declares the size it was trained for is a trained one (the demo model), not the
        // random-weight test model
        boolean tiny = folder.defaultSampleSize().isEmpty() && transformer.numLayers() <= 4
                && transformer.innerDim() <= 512;
        int scale = vae.scaleFactor();
        return new ModelCapabilities(folder.family().kinds(), scale * transformer.patchSize(),
                folder.family() == PipelineFolder.Family.QWEN_IMAGE_EDIT_PLUS ? EDIT_PLUS_MAX_IMAGES : 1, tiny,
                folder.defaultSampleSize().orElse(DEFAULT_SAMPLE_SIZE) * scale, MAX_SIDE_PX);
    }

    private static void checkConsistent(TransformerConfig tc, VaeConfig vc, TextEncoderConfig ec) throws WeightsException {
        List<String> p = new ArrayList<>();
        int patch = tc.patchSize();
        if (tc.inChannels() != vc.zDim() * patch * patch) {
            p.add("transformer in_channels " + tc.inChannels() + " must be z_dim × patch² = " + vc.zDim() * patch * patch
                    + " (vae z_dim " + vc.zDim() + ")");
        }
        if (tc.outChannels() != vc.zDim()) {
            p.add("transformer out_channels " + tc.outChannels() + " must equal vae z_dim " + vc.zDim());
        }
        if (tc.jointAttentionDim() != ec.hiddenSize()) {
            p.add("transformer joint_attention_dim " + tc.jointAttentionDim() + " must equal the text encoder's"
                    + " hidden_size " + ec.hiddenSize());
        }
        if (!p.isEmpty()) {
            throw new WeightsException("The model's components do not fit together:\n  " + String.join("\n  ", p));
        }
    }
}
