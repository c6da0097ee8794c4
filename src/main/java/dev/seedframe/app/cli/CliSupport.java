package dev.seedframe.app.cli;

import dev.seedframe.app.AppPaths;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.ModelCapabilities;
import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;

/** Checks and helpers shared by the commands. */
final class CliSupport {

    private static final SecureRandom SEEDS = new SecureRandom();

    private CliSupport() {}

    static void checkDevice(Device d) throws UsageException {
        if (d == Device.gpu) {
            throw new UsageException("--device gpu is not available in this version of Seedframe: the engine runs"
                    + " on the CPU in float32 only (GPU support with a CUDA libtorch is planned). Use --device cpu.");
        }
    }

    static Path modelDir(Path given) {
        return given != null ? given : AppPaths.defaultModel();
    }

    /** Fails before any work if the output cannot be written. */
    static void checkOutput(Path out) throws UsageException {
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new UsageException("--out must name a .png file, got " + out);
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("cannot write " + out + ": the folder " + dir + " does not exist");
        }
        if (Files.isDirectory(out)) {
            throw new UsageException("cannot write " + out + ": it is a folder");
        }
        if (!Files.isWritable(dir) || (Files.exists(out) && !Files.isWritable(out))) {
            throw new UsageException("cannot write " + out + ": permission denied");
        }
    }

    static void write(Path out, byte[] png) throws UsageException {
        try {
            ImageFiles.writeAtomically(out, png);
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot write " + out + ": permission denied");
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot write " + out + ": the folder does not exist");
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (msg.contains("No space left")) {
                throw new UsageException("cannot write " + out + ": the disk is full (nothing was written)");
            }
            throw new UsageException("cannot write " + out + ": " + msg);
        }
    }

    /** Builds the request from the options and the model's defaults; a random seed is announced. */
    static GenerationRequest request(PipelineKind kind, GenerationOptions g, ModelCapabilities caps, PrintWriter err) {
        long seed;
        if (g.seed != null) {
            seed = g.seed;
        } else {
            seed = SEEDS.nextLong() & Long.MAX_VALUE;
            err.println("seed: " + seed + " (random; pass --seed " + seed + " to repeat)");
        }
        int size = caps.defaultSize();
        return GenerationRequest.builder(kind)
                .prompt(g.prompt)
                .negativePrompt(g.negativePrompt)
                .seed(seed)
                .steps(g.steps != null ? g.steps : GenerationRequest.DEFAULT_STEPS)
                .cfg(g.cfg != null ? g.cfg : GenerationRequest.DEFAULT_CFG)
                .size(g.width != null ? g.width : size, g.height != null ? g.height : size)
                .maxSequenceLength(g.maxSequenceLength != null ? g.maxSequenceLength
                        : GenerationRequest.DEFAULT_MAX_SEQUENCE_LENGTH)
                .build();
    }
}
