package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.tokenizer.QwenTokenizer;
import java.util.List;

/**
 * Edit prompt encoding: diffusers {@code QwenImageEditPipeline._get_qwen_prompt_embeds} and
 * {@code QwenImageEditPlusPipeline._get_qwen_prompt_embeds} with transformers 5.12's
 * {@code Qwen2VLProcessor} and {@code Qwen2_5_VLForConditionalGeneration} forward.
 *
 * <ol>
 *   <li>the prompt goes into {@link #EDIT_TEMPLATE} (one image placeholder in the template) or, for Edit
 *       Plus, {@link #PLUS_TEMPLATE} after one {@code "Picture N: <|vision_start|><|image_pad|><|vision_end|>"}
 *       per image;
 *   <li>each {@code <|image_pad|>} is expanded to as many pads as its image has merged vision tokens,
 *       then the text is tokenized (no truncation);
 *   <li>the token embeddings at the pads are replaced by the vision tower's merged embeddings, in order;
 *   <li>the language model runs with positions {@code 0..S-1} on all three MRoPE axes (what
 *       transformers 5.12 does in this call, as the fixtures show);
 *   <li>the first {@link #DROP_IDX} tokens are dropped; nothing is cut to {@code max_sequence_length}
 *       (the edit pipelines only validate it), so the vision tokens stay in the conditioning.
 * </ol>
 */
public final class EditPromptEncoder {

    private static final String SYSTEM = "<|im_start|>system\nDescribe the key features of the input image (color,"
            + " shape, size, texture, objects, background), then explain how the user's text instruction should alter"
            + " or modify the image. Generate a new image that meets the user's requirements while maintaining"
            + " consistency with the original input where appropriate.<|im_end|>\n<|im_start|>user\n";

    static final String IMAGE_PAD = "<|image_pad|>";

    private static final String VISION_START = "<|vision_start|>";

    private static final String VISION_END = "<|vision_end|>";

    private static final String SUFFIX = "<|im_end|>\n<|im_start|>assistant\n";

    /** {@code QwenImageEditPipeline.prompt_template_encode}. */
    static final String EDIT_TEMPLATE = SYSTEM + "<|vision_start|>" + IMAGE_PAD + "<|vision_end|>{}<|im_end|>\n"
            + "<|im_start|>assistant\n";

    /** {@code QwenImageEditPlusPipeline.prompt_template_encode}; {@code {}} = picture prefixes + prompt. */
    static final String PLUS_TEMPLATE = SYSTEM + "{}<|im_end|>\n<|im_start|>assistant\n";

    /** {@code QwenImageEditPlusPipeline}'s per-image prefix. */
    static final String PLUS_IMAGE = "Picture %d: <|vision_start|>" + IMAGE_PAD + "<|vision_end|>";

    /** {@code prompt_template_encode_start_idx} of both edit pipelines. */
    static final int DROP_IDX = 64;

    private final QwenTokenizer tokenizer;
    private final PromptEncoder.EncoderSource encoder;
    private final TextEncoderConfig config;
    private final long imagePadId;

    public EditPromptEncoder(QwenTokenizer tokenizer, QwenVlTextEncoder encoder) throws EngineException {
        this(tokenizer, PromptEncoder.EncoderSource.resident(encoder), encoder.config());
    }

    /** An encoder whose text encoder is acquired per encoding (resident, or offloaded by the memory mode). */
    public EditPromptEncoder(QwenTokenizer tokenizer, PromptEncoder.EncoderSource encoder, TextEncoderConfig config)
            throws EngineException {
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.config = config;
        this.imagePadId = tokenizer.tokenId(IMAGE_PAD);
        long configured = config.tokens().imageTokenId().orElse((int) imagePadId);
        if (configured != imagePadId) {
            throw new EngineException("The tokenizer's " + IMAGE_PAD + " is " + imagePadId + " but the text encoder's"
                    + " image_token_id is " + configured + ": tokenizer and text encoder do not belong together");
        }
    }

    /** The templated text with each image's pad expanded ({@code Qwen2VLProcessor.__call__}). */
    static String text(String prompt, int[] tokensPerImage, boolean plus) {
        StringBuilder sb = new StringBuilder(SYSTEM);
        for (int i = 0; i < tokensPerImage.length; i++) {
            if (plus) {
                sb.append("Picture ").append(i + 1).append(": ");
            }
            sb.append(VISION_START).append(IMAGE_PAD.repeat(tokensPerImage[i])).append(VISION_END);
        }
        return sb.append(prompt).append(SUFFIX).toString();
    }

    /**
     * Encodes one prompt with its images.
     *
     * @param imageEmbeds per image its merged vision embeddings {@code [n_i, D]}
     * @param plus Edit Plus's template (picture prefixes) instead of Edit's
     */
    public PromptEmbeds encode(String prompt, List<NDArray> imageEmbeds, boolean plus, NDManager manager)
            throws EngineException {
        if (prompt == null) {
            throw new InvalidRequestException("The prompt is missing (null)");
        }
        if (!plus && imageEmbeds.size() != 1) {
            throw new InvalidRequestException("Qwen-Image-Edit takes exactly one image, got " + imageEmbeds.size());
        }
        int[] counts = new int[imageEmbeds.size()];
        int total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Math.toIntExact(imageEmbeds.get(i).getShape().get(0));
            total += counts[i];
        }
        String text = text(prompt, counts, plus);
        long[] ids = tokenizer.encode(text);
        int pads = 0;
        for (long id : ids) {
            if (id == imagePadId) {
                pads++;
            }
        }
        if (pads != total) {
            // only the prompt itself can add pads: the user typed the special token
            throw new InvalidRequestException("The prompt contains the reserved token " + IMAGE_PAD
                    + "; remove it (it marks where the image goes)");
        }
        int s = ids.length;
        if (s <= DROP_IDX) {
            throw new EngineException("The edit template tokenized to only " + s + " tokens; the tokenizer is inconsistent");
        }
        int d = config.hiddenSize();
        NDArray embeds;
        try (NDManager work = manager.newSubManager()) {
            QwenVlTextEncoder lm = encoder.acquire(work);
            float[] e = lm.embedTokens(work.create(ids, new Shape(1, s))).toFloatArray();
            int image = 0;
            float[] current = null;
            int inImage = 0;
            for (int i = 0; i < s; i++) {
                if (ids[i] != imagePadId) {
                    continue;
                }
                if (current == null || inImage == counts[image]) {
                    if (current != null) {
                        image++;
                    }
                    current = imageEmbeds.get(image).toFloatArray();
                    inImage = 0;
                }
                System.arraycopy(current, inImage * d, e, i * d, d);
                inImage++;
            }
            long[] pos = new long[3 * s];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = i % s;
            }
            NDArray inputs = work.create(e, new Shape(1, s, d));
            NDArray positions = work.create(pos, new Shape(3, 1, s));
            NDArray last = lm.forwardEmbeds(inputs, null, positions); // [1, S, D]
            embeds = Scopes.keep(() -> last.get(":, " + DROP_IDX + ":, :").duplicate()); // [1, S-64, D]
            embeds.attach(manager);
        } finally {
            encoder.released();
        }
        int promptTokens = tokenizer.encode(prompt).length;
        return new PromptEmbeds(embeds, null, List.of(promptTokens), List.of(0));
    }

    /** The token ids the text encoder sees (tests). */
    long[] ids(String prompt, int[] tokensPerImage, boolean plus) {
        return tokenizer.encode(text(prompt, tokensPerImage, plus));
    }
}
