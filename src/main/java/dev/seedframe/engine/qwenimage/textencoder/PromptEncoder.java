package dev.seedframe.engine.qwenimage.textencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.runtime.Scopes;
import dev.seedframe.engine.tokenizer.QwenTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text-to-image prompt encoding: diffusers {@code QwenImagePipeline._get_qwen_prompt_embeds} and
 * {@code encode_prompt} ({@code src/diffusers/pipelines/qwenimage/pipeline_qwenimage.py}, commit
 * 58eb52c0803ea9af3abec60841c2a093bdf1f951); also used by the img2img and inpaint pipelines.
 *
 * <ol>
 *   <li>wrap the prompt in {@link #PROMPT_TEMPLATE};
 *   <li>tokenize, cutting at {@code tokenizer_max_length + drop_idx} = 1058 tokens as the reference's
 *       {@code truncation=True} does (right side: a cut there also loses the template's closing tokens);
 *   <li>run the text encoder; take {@code hidden_states[-1]} of the valid (unpadded) tokens;
 *   <li>drop the first {@link #DROP_IDX} (the system prompt and {@code <|im_start|>user\n}); the five
 *       closing tokens {@code <|im_end|>\n<|im_start|>assistant\n} stay;
 *   <li>cut to {@code max_sequence_length}; pad a batch with zeros and return a mask, or no mask when
 *       every row is full (always for one prompt).
 * </ol>
 *
 * Every cut is counted in the result ({@link PromptEmbeds#truncatedPromptTokens}).
 *
 * <p>Dimension letters: B prompts, S tokens, L kept sequence, D text width.
 */
public final class PromptEncoder {

    /** {@code QwenImagePipeline.prompt_template_encode}; {@code {}} is replaced by the prompt. */
    public static final String PROMPT_TEMPLATE = "<|im_start|>system\nDescribe the image by detailing the color, shape,"
            + " size, texture, quantity, text, spatial relationships of the objects and background:<|im_end|>\n"
            + "<|im_start|>user\n{}<|im_end|>\n<|im_start|>assistant\n";

    /** {@code QwenImagePipeline.prompt_template_encode_start_idx}: template tokens before the prompt. */
    public static final int DROP_IDX = 34;

    /** {@code QwenImagePipeline.tokenizer_max_length}: most text tokens after the dropped prefix. */
    public static final int TOKENIZER_MAX_LENGTH = 1024;

    /** {@code QwenImagePipeline.__call__(max_sequence_length=512)}. */
    public static final int DEFAULT_MAX_SEQUENCE_LENGTH = 512;

    /** {@code QwenImagePipeline.check_inputs}: max_sequence_length cannot exceed 1024. */
    public static final int MAX_SEQUENCE_LENGTH_LIMIT = 1024;

    /**
     * The last tokens of the dropped prefix, {@code <|im_start|>}, {@code user}, {@code \n} (Qwen2
     * vocabulary ids; docs/QWEN-IMAGE-SPEC.md B.3): a cheap check that tokenizer and template agree with
     * {@link #DROP_IDX}.
     */
    static final long[] PREFIX_TAIL = {151644, 872, 198};

    private static final String PLACEHOLDER = "{}";

    /**
     * Where the text encoder comes from for one encoding: resident (the same loaded encoder every time) or
     * offloaded (loaded onto the device for this encoding and released right after, {@code
     * MemoryMode.OFFLOAD_TEXT_ENCODER}).
     */
    public interface EncoderSource {

        /** The encoder for one encoding; {@code work} is a manager that is closed after the encoding. */
        QwenVlTextEncoder acquire(NDManager work) throws EngineException;

        /** Called once the encoding is done and its work manager (with an offloaded encoder) is closed. */
        default void released() throws EngineException {}

        /** A source that always hands out {@code encoder}, loaded once. */
        static EncoderSource resident(QwenVlTextEncoder encoder) {
            return work -> encoder;
        }
    }

    private final QwenTokenizer tokenizer;
    private final EncoderSource encoder;
    private final long[] prefixIds;
    private final int suffixTokens;
    private final long padId;

    /**
     * @throws EngineException if the tokenizer does not split the template as the reference does
     */
    public PromptEncoder(QwenTokenizer tokenizer, QwenVlTextEncoder encoder) throws EngineException {
        this(tokenizer, EncoderSource.resident(encoder));
    }

    /**
     * An encoder whose text encoder is acquired per encoding (offloaded text encoder).
     *
     * @throws EngineException if the tokenizer does not split the template as the reference does
     */
    public PromptEncoder(QwenTokenizer tokenizer, EncoderSource encoder) throws EngineException {
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        int at = PROMPT_TEMPLATE.indexOf(PLACEHOLDER);
        this.prefixIds = tokenizer.encode(PROMPT_TEMPLATE.substring(0, at));
        checkTemplatePrefix(prefixIds);
        this.suffixTokens = tokenizer.encode(PROMPT_TEMPLATE.substring(at + PLACEHOLDER.length())).length;
        this.padId = tokenizer.padTokenId().isPresent() ? tokenizer.padTokenId().getAsInt() : prefixIds[0];
    }

    /** Throws unless the template's prefix is exactly {@link #DROP_IDX} tokens ending in {@link #PREFIX_TAIL}. */
    static void checkTemplatePrefix(long[] prefixIds) throws EngineException {
        long[] tail = Arrays.copyOfRange(prefixIds, Math.max(0, prefixIds.length - PREFIX_TAIL.length), prefixIds.length);
        if (prefixIds.length != DROP_IDX || !Arrays.equals(tail, PREFIX_TAIL)) {
            throw new EngineException("The tokenizer splits the Qwen-Image prompt template's prefix into "
                    + prefixIds.length + " tokens ending " + Arrays.toString(tail) + "; the pipeline drops exactly "
                    + DROP_IDX + " ending " + Arrays.toString(PREFIX_TAIL)
                    + ". This is not the Qwen2 tokenizer the text encoder was trained with.");
        }
    }

    /** Encodes one prompt with the default {@code max_sequence_length} (512). */
    public PromptEmbeds encode(String prompt, NDManager manager) throws EngineException {
        return encode(List.of(prompt), DEFAULT_MAX_SEQUENCE_LENGTH, manager);
    }

    /** Encodes one prompt; the embeddings have no mask. */
    public PromptEmbeds encode(String prompt, int maxSequenceLength, NDManager manager) throws EngineException {
        return encode(List.of(prompt), maxSequenceLength, manager);
    }

    /**
     * Encodes prompts as one batch (right-padded, as the reference tokenizer pads).
     *
     * @param maxSequenceLength 1..1024: tokens kept per prompt after the template prefix
     * @param manager where the result is created
     * @throws InvalidRequestException for a null prompt or an out-of-range length
     */
    public PromptEmbeds encode(List<String> prompts, int maxSequenceLength, NDManager manager) throws EngineException {
        if (maxSequenceLength < 1 || maxSequenceLength > MAX_SEQUENCE_LENGTH_LIMIT) {
            throw new InvalidRequestException("max_sequence_length must be between 1 and " + MAX_SEQUENCE_LENGTH_LIMIT
                    + ", got " + maxSequenceLength);
        }
        if (prompts.isEmpty()) {
            throw new InvalidRequestException("No prompt to encode");
        }
        int batch = prompts.size();
        int maxTokens = TOKENIZER_MAX_LENGTH + DROP_IDX;
        long[][] ids = new long[batch][];
        int[] promptTokens = new int[batch];
        for (int i = 0; i < batch; i++) {
            String p = prompts.get(i);
            if (p == null) {
                throw new InvalidRequestException("Prompt " + i + " is missing (null)");
            }
            long[] full = tokenizer.encode(PROMPT_TEMPLATE.replace(PLACEHOLDER, p));
            checkPrefix(full, p);
            promptTokens[i] = full.length - DROP_IDX - suffixTokens;
            ids[i] = full.length > maxTokens ? Arrays.copyOf(full, maxTokens) : full; // truncation=True, right side
        }

        int seq = Arrays.stream(ids).mapToInt(a -> a.length).max().orElseThrow();
        long[] flatIds = new long[batch * seq];
        long[] flatMask = new long[batch * seq];
        int[] kept = new int[batch]; // rows kept per prompt after drop + max_sequence_length
        int[] truncated = new int[batch];
        for (int i = 0; i < batch; i++) {
            Arrays.fill(flatIds, i * seq, (i + 1) * seq, padId);
            System.arraycopy(ids[i], 0, flatIds, i * seq, ids[i].length);
            Arrays.fill(flatMask, i * seq, i * seq + ids[i].length, 1);
            kept[i] = Math.min(ids[i].length - DROP_IDX, maxSequenceLength);
            truncated[i] = promptTokens[i] - Math.min(promptTokens[i], kept[i]);
        }
        int length = Arrays.stream(kept).max().orElseThrow();
        boolean full = Arrays.stream(kept).allMatch(k -> k == length);

        NDArray embeds;
        try {
            try (NDManager work = manager.newSubManager()) {
                NDArray idArr = work.create(flatIds, new Shape(batch, seq)); // [B, S]
                NDArray maskArr = work.create(flatMask, new Shape(batch, seq)); // [B, S]
                NDArray hidden = encoder.acquire(work).forward(idArr, maskArr); // [B, S, D] on work
                embeds = Scopes.keep(() -> gather(hidden, kept, length));
                embeds.attach(manager);
            }
        } finally {
            encoder.released();
        }
        NDArray mask = null;
        if (!full) {
            long[] m = new long[batch * length];
            for (int i = 0; i < batch; i++) {
                Arrays.fill(m, i * length, i * length + kept[i], 1);
            }
            mask = manager.create(m, new Shape(batch, length)); // [B, L]
        }
        List<Integer> pt = new ArrayList<>();
        List<Integer> tr = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            pt.add(promptTokens[i]);
            tr.add(truncated[i]);
        }
        return new PromptEmbeds(embeds, mask, pt, tr);
    }

    /** Rows {@code DROP_IDX .. DROP_IDX + kept[i]} of each prompt, zero-padded to {@code length}: {@code [B, L, D]}. */
    private static NDArray gather(NDArray hidden, int[] kept, int length) {
        long d = hidden.getShape().get(2);
        NDList rows = new NDList(kept.length);
        for (int i = 0; i < kept.length; i++) {
            NDArray r = hidden.get(new NDIndex("{}, {}:{}", i, DROP_IDX, DROP_IDX + kept[i])); // [kept_i, D]
            if (kept[i] < length) {
                r = NDArrays.concat(new NDList(r, hidden.getManager().zeros(new Shape(length - kept[i], d))), 0); // [L, D]
            }
            rows.add(r);
        }
        return NDArrays.stack(rows, 0); // [B, L, D]
    }

    /**
     * The first {@link #DROP_IDX} ids must be the template prefix. The prefix's final {@code \n} merges
     * with a prompt that starts with a line break (the BPE sees {@code "\n\n"}); the reference drops
     * that merged token as part of the prefix, and so does Seedframe.
     */
    private void checkPrefix(long[] full, String prompt) throws EngineException {
        boolean same = full.length >= DROP_IDX
                && Arrays.equals(full, 0, DROP_IDX - 1, prefixIds, 0, DROP_IDX - 1);
        boolean lastOk = same && (full[DROP_IDX - 1] == prefixIds[DROP_IDX - 1] || startsWithLineBreak(prompt));
        if (!lastOk) {
            throw new EngineException("The templated prompt does not start with the " + DROP_IDX
                    + " template tokens the pipeline drops; the tokenizer is inconsistent");
        }
    }

    private static boolean startsWithLineBreak(String prompt) {
        for (int i = 0; i < prompt.length(); i++) {
            char c = prompt.charAt(i);
            if (c == '\n' || c == '\r') {
                return true;
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return false;
    }
}
