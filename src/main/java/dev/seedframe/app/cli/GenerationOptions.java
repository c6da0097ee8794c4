package dev.seedframe.app.cli;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraMethod;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.LoraInfo;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.engine.SamplingPreset;
import dev.seedframe.service.UseCases;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
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

    @Option(names = "--lora", paramLabel = "FILE[:WEIGHT]", converter = LoraArgument.Converter.class,
            description = "A LoRA adapter for the transformer (.safetensors: diffusers/PEFT, kohya, ai-toolkit or"
                    + " Lightning layout), weight 1 unless given (negative subtracts it). Repeat for several. A"
                    + " Lightning LoRA brings its steps, CFG 1 and scheduler unless --steps/--cfg say otherwise.")
    List<LoraArgument> loras = new ArrayList<>();

    @Option(names = "--lora-mode", paramLabel = "runtime|merged", converter = LoraModeConverter.class,
            description = "runtime (default, as diffusers: W x + w B(A x)) or merged into the weights before the run"
                    + " (diffusers' fuse_lora; faster per step). Recorded.")
    LoraMethod loraMode = LoraMethod.RUNTIME;

    @Option(names = "--no-lora-preset",
            description = "Keep the model's own scheduler, steps and CFG with a Lightning LoRA.")
    boolean noLoraPreset;

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

    /**
     * {@code request} with the {@code --lora} adapters, each file read and checked first (a damaged or pickled file
     * is refused before anything runs); a LoRA's sampling preset (Lightning: its steps, CFG 1, its scheduler) is
     * applied for what the user did not set ({@code --steps}, {@code --cfg}; the scheduler always, unless {@code
     * --no-lora-preset}) and said on {@code err}.
     */
    GenerationRequest withLoras(GenerationRequest request, UseCases app, PrintWriter err)
            throws UsageException, EngineException {
        if (loras.isEmpty()) {
            return request;
        }
        List<LoraSpec> specs = new ArrayList<>();
        SamplingPreset preset = null;
        String presetFile = null;
        for (LoraArgument l : loras) {
            if (!Files.isRegularFile(l.file())) {
                throw new UsageException("--lora " + l.file() + (Files.isDirectory(l.file()) ? " is a folder: pass"
                        + " the LoRA's .safetensors file" : " does not exist"));
            }
            LoraInfo info = app.inspectLora(l.file());
            if (info.preset() != null && preset == null) {
                preset = info.preset();
                presetFile = info.fileName();
            }
            specs.add(new LoraSpec(l.file().toAbsolutePath().normalize().toString(), l.weight(), loraMode));
        }
        GenerationRequest.Builder b = request.toBuilder().loras(specs);
        if (preset != null && !noLoraPreset) {
            b.scheduler(preset.scheduler());
            List<String> applied = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            if (steps == null) {
                b.steps(preset.steps());
                applied.add(preset.steps() + " steps");
            } else {
                kept.add("--steps " + steps);
            }
            if (cfg == null) {
                b.cfg(preset.cfg());
                applied.add("CFG " + preset.cfg());
            } else {
                kept.add("--cfg " + cfg);
            }
            applied.add("its scheduler (shift ln 3, dynamic, exponential)");
            err.println("note: " + presetFile + " is a LoRA with a preset (" + preset.name() + "): "
                    + String.join(", ", applied) + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept))
                    + " (--no-lora-preset keeps the model's own)");
        }
        return b.build();
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

    /** {@code --lora-mode}'s values. */
    public static final class LoraModeConverter implements CommandLine.ITypeConverter<LoraMethod> {
        @Override
        public LoraMethod convert(String value) {
            try {
                return LoraMethod.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a LoRA mode: runtime or merged");
            }
        }
    }
}
