package dev.seedframe.engine.catalog;

import dev.seedframe.engine.ModelVariant;
import dev.seedframe.engine.SingleFileDescription;
import dev.seedframe.engine.SingleFileDescription.Component;
import dev.seedframe.engine.weights.SafetensorsFile;
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

    /** The key prefixes ComfyUI and other tools put before a transformer's diffusers names. */
    private static final List<String> TRANSFORMER_PREFIXES = List.of("model.diffusion_model.", "diffusion_model.", "");

    private SingleFileInspector() {}

    public static Optional<SingleFileDescription> describe(Path file) {
        Map<String, TensorInfo> tensors;
        long size;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            tensors = f.tensors();
            size = Files.size(file);
        } catch (WeightsException | IOException e) {
            return Optional.empty();
        }
        Map<StDType, Long> bytes = new EnumMap<>(StDType.class);
        long params = 0;
        for (TensorInfo t : tensors.values()) {
            bytes.merge(t.dtype(), t.length(), Long::sum);
            params += t.numel();
        }
        String precision = Precisions.of(bytes);
        if (precision.startsWith("fp8") && hasScales(tensors.keySet())) {
            precision += " scaled";
        }
        Set<String> keys = tensors.keySet();
        String name = file.getFileName().toString();
        for (String prefix : TRANSFORMER_PREFIXES) {
            if (keys.contains(prefix + "img_in.weight") && keys.contains(prefix + "transformer_blocks.0.attn.to_q.weight")) {
                return Optional.of(new SingleFileDescription(file, Component.TRANSFORMER, precision, size, params,
                        prefix.isEmpty() ? "bare" : prefix, variantHint(name), blocks(keys, prefix) + " blocks"));
            }
        }
        if (isQwen25TextEncoder(keys)) {
            boolean vision = keys.stream().anyMatch(k -> k.startsWith("visual.") || k.contains(".visual."));
            return Optional.of(new SingleFileDescription(file, Component.TEXT_ENCODER, precision, size, params,
                    layout(keys), null, "Qwen2.5-VL" + (vision ? ", with vision tower" : ", without vision tower")));
        }
        if (isCausal3dVae(tensors)) {
            return Optional.of(new SingleFileDescription(file, Component.VAE, precision, size, params, layout(keys), null,
                    "3-D causal VAE (Qwen-Image, Wan 2.1)"));
        }
        return Optional.empty();
    }

    /** Scaled fp8: a scale tensor beside each weight, named {@code weight_scale} (or the older {@code scale_weight}). */
    private static boolean hasScales(Set<String> keys) {
        return keys.stream().anyMatch(k -> k.endsWith(".weight_scale") || k.endsWith(".scale_weight"));
    }

    private static long blocks(Set<String> keys, String prefix) {
        String start = prefix + "transformer_blocks.";
        return keys.stream().filter(k -> k.startsWith(start))
                .map(k -> k.substring(start.length(), k.indexOf('.', start.length())))
                .distinct().count();
    }

    /**
     * Qwen2.5's decoder layers: biased q/k/v projections and no q/k norms (Qwen3's layers have norms and no
     * biases), with the token embedding.
     */
    private static boolean isQwen25TextEncoder(Set<String> keys) {
        boolean qBias = keys.stream().anyMatch(k -> k.endsWith("layers.0.self_attn.q_proj.bias"));
        boolean qNorm = keys.stream().anyMatch(k -> k.endsWith("self_attn.q_norm.weight"));
        boolean embed = keys.stream().anyMatch(k -> k.endsWith("embed_tokens.weight"));
        return qBias && !qNorm && embed;
    }

    /** A decoder with 5-D (time, height, width) convolution kernels. */
    private static boolean isCausal3dVae(Map<String, TensorInfo> tensors) {
        boolean encoder = tensors.keySet().stream().anyMatch(k -> k.startsWith("encoder.") || k.contains(".encoder."));
        boolean decoder3d = tensors.values().stream()
                .anyMatch(t -> (t.name().startsWith("decoder.") || t.name().contains(".decoder.")) && t.shape().length == 5);
        return encoder && decoder3d;
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
