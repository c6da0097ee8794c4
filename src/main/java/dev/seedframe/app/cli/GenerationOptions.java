package dev.seedframe.app.cli;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.ModelCapabilities;
import java.io.PrintWriter;
import java.security.SecureRandom;
import picocli.CommandLine.Option;

/** Options every generating command shares (generate, img2img, inpaint, outpaint, edit). */
public final class GenerationOptions {

    private static final SecureRandom SEEDS = new SecureRandom();

    @Option(names = "--prompt", paramLabel = "TEXT", required = true, description = "What to draw (Chinese or English).")
    String prompt;

    @Option(names = "--negative-prompt", paramLabel = "TEXT",
            description = "What to avoid. With --cfg above 1 it enables true CFG (diffusers' rule); \" \" is enough.")
    String negativePrompt;

    @Option(names = "--seed", paramLabel = "N", converter = SeedConverter.class,
            description = "0 to 2^63-1 (only the low 32 bits reach the generator, as in torch). Default: random.")
    Long seed;

    @Option(names = "--steps", paramLabel = "N", description = "Denoising steps (default 50).")
    Integer steps;

    @Option(names = "--cfg", paramLabel = "F",
            description = "True CFG scale, diffusers' true_cfg_scale (default 4.0; needs --negative-prompt).")
    Double cfg;

    @Option(names = "--width", paramLabel = "PX", description = "Output width (default: generate 1024 on Qwen-Image;"
            + " img2img and inpaint the input's; edit about one megapixel at the input's aspect ratio).")
    Integer width;

    @Option(names = "--height", paramLabel = "PX", description = "Output height (default: as for --width).")
    Integer height;

    @Option(names = "--max-sequence-length", paramLabel = "N",
            description = "Prompt tokens kept after the template (default 512, at most 1024).")
    Integer maxSequenceLength;

    /**
     * Refuses a prompt holding U+FFFD: the JVM puts one in place of every byte of the command line that was not
     * valid text in the system's encoding, so the prompt recorded would not be the one typed.
     */
    void requireDecodedText() throws UsageException {
        requireDecodedText("--prompt", prompt);
        requireDecodedText("--negative-prompt", negativePrompt);
    }

    private static void requireDecodedText(String option, String value) throws UsageException {
        if (value != null && value.indexOf('\uFFFD') >= 0) {
            throw new UsageException(option + " holds bytes that are not valid UTF-8 (or not valid in this system's"
                    + " encoding, " + System.getProperty("sun.jnu.encoding", "unknown") + "); Java replaced them with"
                    + " U+FFFD, so the text recorded would not be yours. Pass it as UTF-8 in a UTF-8 locale (e.g."
                    + " LANG=C.UTF-8).");
        }
    }

    /** The request these options describe, with the model's defaults; a random seed is announced on {@code err}. */
    GenerationRequest.Builder builder(PipelineKind kind, ModelCapabilities caps, PrintWriter err) {
        long s;
        if (seed != null) {
            s = seed;
        } else {
            s = SEEDS.nextLong() & Long.MAX_VALUE;
            err.println("seed: " + s + " (random; pass --seed " + s + " to repeat)");
        }
        int size = caps.defaultSize();
        return GenerationRequest.builder(kind)
                .prompt(prompt)
                .negativePrompt(negativePrompt)
                .seed(s)
                .steps(steps != null ? steps : GenerationRequest.DEFAULT_STEPS)
                .cfg(cfg != null ? cfg : GenerationRequest.DEFAULT_CFG)
                .size(width != null ? width : size, height != null ? height : size)
                .maxSequenceLength(maxSequenceLength != null ? maxSequenceLength
                        : GenerationRequest.DEFAULT_MAX_SEQUENCE_LENGTH);
    }
}
