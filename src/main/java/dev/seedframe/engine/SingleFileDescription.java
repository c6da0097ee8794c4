package dev.seedframe.engine;

import java.nio.file.Path;

/**
 * A single safetensors file of the Qwen-Image family, as ComfyUI keeps them ({@code diffusion_models/},
 * {@code text_encoders/}, {@code vae/}), recognised from its header alone.
 *
 * @param file the file
 * @param component which pipeline part it holds
 * @param precision how its weights are stored: {@code bf16}, {@code f16}, {@code f32}, {@code fp8 e4m3fn}
 *     (2-D weights in float8, the rest bf16), {@code fp8 e4m3fn scaled} (with a per-tensor scale beside each
 *     weight), {@code fp8 e5m2}
 * @param sizeBytes its size on disk
 * @param parameters its element count (scales included)
 * @param keyLayout how its tensor names start: {@code model.diffusion_model.}, {@code diffusion_model.}, or
 *     {@code bare}
 * @param variantHint the model its file name states ({@code ..._2509_...}), or null: a transformer file does
 *     not say in its weights which Qwen-Image it is
 * @param detail more about it in words (e.g. {@code with vision tower})
 */
public record SingleFileDescription(Path file, Component component, String precision, long sizeBytes, long parameters,
        String keyLayout, ModelVariant variantHint, String detail) {

    /** The pipeline part a single file holds. */
    public enum Component {
        TRANSFORMER("transformer"),
        TEXT_ENCODER("text encoder"),
        VAE("VAE");

        private final String label;

        Component(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
