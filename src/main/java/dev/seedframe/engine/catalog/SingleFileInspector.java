package dev.seedframe.engine.catalog;

import dev.seedframe.engine.ModelVariant;
import dev.seedframe.engine.SingleFileDescription;
import dev.seedframe.engine.SingleFileDescription.Component;
import dev.seedframe.engine.qwenimage.loading.SingleFileContents;
import dev.seedframe.engine.qwenimage.transformer.TransformerKeys;
import dev.seedframe.engine.weights.Checkpoint;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.engine.weights.TensorInfo;
import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises the single files ComfyUI users keep for Qwen-Image from their safetensors header alone: a
 * transformer (diffusers key names, bare or under ComfyUI's {@code model.diffusion_model.} or {@code
 * diffusion_model.} prefix), the Qwen2.5-VL text encoder, and the VAE (3-D causal convolutions, as Wan 2.1's,
 * from which Qwen-Image's VAE descends), with how each is stored (bf16, fp8 e4m3fn, scaled fp8...).
 */
public final class SingleFileInspector {

    private SingleFileInspector() {}

    /**
     * What {@code file} is, or empty when it is no part of a Qwen-Image model (or no safetensors file). The component
     * is recognised by the loader's own key layouts ({@link SingleFileContents}), so the list shows a file as what
     * {@code --transformer}, {@code --text-encoder} or {@code --vae} will read it as.
     */
    public static Optional<SingleFileDescription> describe(Path file) {
        Map<StDType, Long> bytes = new EnumMap<>(StDType.class);
        long params = 0;
        long size;
        Set<String> keys;
        SingleFileContents holds;
        String prefix;
        try (Checkpoint ck = Checkpoint.openFile(file, "single file")) {
            for (String name : ck.names()) {
                TensorInfo t = ck.info(name);
                bytes.merge(t.dtype(), t.length(), Long::sum);
                params += t.numel();
            }
            keys = ck.names();
            holds = SingleFileContents.of(ck);
            prefix = TransformerKeys.prefix(ck);
            size = Files.size(file);
        } catch (WeightsException | IOException e) {
            return Optional.empty();
        }
        if (holds == null) {
            return Optional.empty();
        }
        String precision = Precisions.of(bytes);
        if (precision.startsWith("fp8") && hasScales(keys)) {
            precision += " scaled";
        }
        String name = file.getFileName().toString();
        return Optional.of(switch (holds.component()) {
            case TRANSFORMER -> new SingleFileDescription(file, Component.TRANSFORMER, precision, size, params,
                    prefix.isEmpty() ? "bare" : prefix, variantHint(name), holds.size());
            case TEXT_ENCODER -> new SingleFileDescription(file, Component.TEXT_ENCODER, precision, size, params,
                    layout(keys), null, holds.size() + (keys.stream().anyMatch(k -> k.startsWith("visual.")
                            || k.contains(".visual.")) ? ", with vision tower" : ", without vision tower"));
            case VAE -> new SingleFileDescription(file, Component.VAE, precision, size, params, layout(keys), null,
                    "3-D causal VAE (Qwen-Image, Wan 2.1), " + holds.size());
        });
    }

    /** Scaled fp8: a scale tensor beside each weight, named {@code weight_scale} (or the older {@code scale_weight}). */
    private static boolean hasScales(Set<String> keys) {
        return keys.stream().anyMatch(k -> k.endsWith(".weight_scale") || k.endsWith(".scale_weight"));
    }

    private static String layout(Set<String> keys) {
        String first = keys.stream().sorted().findFirst().orElse("");
        for (String p : List.of("model.diffusion_model.", "diffusion_model.", "first_stage_model.", "vae.")) {
            if (first.startsWith(p)) {
                return p;
            }
        }
        return "bare";
    }

    /** The model a file name states: {@code qwen_image_edit_2509_fp8_e4m3fn.safetensors} → Edit-2509. */
    static ModelVariant variantHint(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.contains("2511")) {
            return ModelVariant.EDIT_2511;
        }
        if (n.contains("2509")) {
            return ModelVariant.EDIT_2509;
        }
        if (n.contains("edit")) {
            return ModelVariant.EDIT;
        }
        if (n.contains("2512")) {
            return ModelVariant.QWEN_IMAGE_2512;
        }
        return null;
    }
}
