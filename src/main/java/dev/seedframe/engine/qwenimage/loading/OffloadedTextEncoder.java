package dev.seedframe.engine.qwenimage.loading;

import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.nn.Ops;
import dev.seedframe.engine.qwenimage.textencoder.PromptEncoder;
import dev.seedframe.engine.qwenimage.textencoder.QwenVlTextEncoder;
import dev.seedframe.engine.qwenimage.transformer.QwenImageTransformer;
import dev.seedframe.engine.runtime.EngineRuntime;
import dev.seedframe.engine.weights.ComponentSource;

/**
 * The text encoder of the memory modes that offload it ({@link MemoryMode#offloadsTextEncoder()}): for each new
 * prompt the transformer's blocks leave the device, the encoder is loaded onto it from its memory-mapped checkpoint,
 * encodes, is freed with the encoding's work manager, and the blocks come back when the denoising loop starts. So
 * the text encoder and the transformer blocks are never on the device together; embeddings are cached by prompt,
 * so seeds and variants of a prompt encode once. The int8 mode loads it with int8 Linears ({@link
 * QwenVlTextEncoder#loadInt8}), a quarter of its f32 size; stream-blocks streams its decoder layers one at a time
 * ({@link QwenVlTextEncoder#loadStreamed}), as it does the transformer's blocks.
 */
final class OffloadedTextEncoder implements PromptEncoder.EncoderSource {

    private final ComponentSource encoder;
    private final QwenImageTransformer transformer;
    private final MemoryMode mode;
    private final Ops ops;
    private final EngineRuntime runtime;
    private QwenVlTextEncoder current;

    OffloadedTextEncoder(ComponentSource encoder, QwenImageTransformer transformer, MemoryMode mode, Ops ops,
            EngineRuntime runtime) {
        this.encoder = encoder;
        this.transformer = transformer;
        this.mode = mode;
        this.ops = ops;
        this.runtime = runtime;
    }

    @Override
    public QwenVlTextEncoder acquire(NDManager work) throws EngineException {
        transformer.evictBlocks();
        current = switch (mode) {
            case INT8 -> QwenVlTextEncoder.loadInt8(encoder, work, ops, runtime);
            case STREAM_BLOCKS -> QwenVlTextEncoder.loadStreamed(encoder, work, ops, runtime);
            default -> QwenVlTextEncoder.load(encoder, work, ops, runtime);
        };
        return current;
    }

    @Override
    public void released() {
        // the weights went with the work manager; a streamed encoder's checkpoint closes here. The blocks come back
        // when the denoising loop starts: a positive and a negative prompt encode without the blocks travelling in
        // between, and an image to encode with the VAE (img2img, inpaint, edit) has the room too
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
