package dev.seedframe.engine.qwenimage.loading;

import dev.seedframe.engine.SingleFileDescription.Component;
import dev.seedframe.engine.qwenimage.textencoder.TextEncoderKeys;
import dev.seedframe.engine.qwenimage.transformer.TransformerKeys;
import dev.seedframe.engine.qwenimage.vae.VaeKeys;
import dev.seedframe.engine.weights.Checkpoint;

/**
 * What a single file holds, told from its header alone by the same key layouts the loader reads it with
 * ({@link TransformerKeys}, {@link TextEncoderKeys}, {@link VaeKeys}): which component, and its size in words. The
 * one recognition of single files, used by the loader ({@link ModelSources}) and the model list
 * ({@code engine.catalog.SingleFileInspector}).
 *
 * @param component the component the tensors are (its {@code label()} is how messages name it)
 * @param size its size as the weights show it ("60 blocks of width 3072")
 */
public record SingleFileContents(Component component, String size) {

    /** What {@code ck} holds, or null when it is no part of a Qwen-Image model. */
    public static SingleFileContents of(Checkpoint ck) {
        TransformerKeys.Size t = TransformerKeys.size(ck);
        if (t != null) {
            return new SingleFileContents(Component.TRANSFORMER, t.toString());
        }
        TextEncoderKeys.Size e = TextEncoderKeys.size(ck);
        if (e != null) {
            return new SingleFileContents(Component.TEXT_ENCODER, "Qwen2.5-VL, " + e);
        }
        VaeKeys.Size v = VaeKeys.size(ck);
        if (v != null) {
            return new SingleFileContents(Component.VAE, v.toString());
        }
        return null;
    }
}
