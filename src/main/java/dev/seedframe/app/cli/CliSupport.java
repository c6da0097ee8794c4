package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.app.AppPaths;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.service.GenerationService;
import dev.seedframe.service.Project;
import dev.seedframe.service.SeedframePng;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
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

    static Path modelDir(Path given) throws UsageException {
        if (given != null && !Files.isDirectory(given)) {
            throw new UsageException("--model " + given + (Files.exists(given) ? " is a file" : " does not exist")
                    + ": pass the folder of a diffusers Qwen-Image model (the one holding model_index.json)");
        }
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
        } catch (IOException e) {
            throw writeFailure(out, e);
        }
    }

    /** Why {@code out} could not be written, in words (the atomic write leaves nothing half-written). */
    static UsageException writeFailure(Path out, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new UsageException("cannot write " + out + ": permission denied");
        }
        if (e instanceof NoSuchFileException) {
            return new UsageException("cannot write " + out + ": the folder does not exist");
        }
        String msg = e.getMessage() == null ? "an input/output error" : e.getMessage();
        if (msg.contains("No space left")) {
            return new UsageException("cannot write " + out + ": the disk is full (nothing was written)");
        }
        if (msg.contains("Read-only file system")) {
            return new UsageException("cannot write " + out + ": the folder is read-only (nothing was written)");
        }
        return new UsageException("cannot write " + out + ": " + msg);
    }

    /** Builds the request from the options and the model's defaults; a random seed is announced. */
    static GenerationRequest request(PipelineKind kind, GenerationOptions g, ModelCapabilities caps, PrintWriter err)
            throws UsageException {
        requireDecodedText("--prompt", g.prompt);
        requireDecodedText("--negative-prompt", g.negativePrompt);
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

    /**
     * Refuses an argument holding U+FFFD: the JVM puts one in place of every byte of the command line that was
     * not valid text in the system's encoding, so the prompt recorded would not be the one typed.
     */
    static void requireDecodedText(String option, String value) throws UsageException {
        if (value != null && value.indexOf('\uFFFD') >= 0) {
            throw new UsageException(option + " holds bytes that are not valid UTF-8 (or not valid in this system's"
                    + " encoding, " + System.getProperty("sun.jnu.encoding", "unknown") + "); Java replaced them with"
                    + " U+FFFD, so the text recorded would not be yours. Pass it as UTF-8 in a UTF-8 locale (e.g."
                    + " LANG=C.UTF-8).");
        }
    }

    /**
     * Runs a request, records it when a project is given (or answers it from the project's cache), writes
     * the PNG and reports. Shared by every generating command.
     */
    static int run(AppContext ctx, CommandSpec spec, Path modelDir, GenerationRequest request, ProjectOptions project,
            Path out) throws Exception {
        // Ctrl-C or a TERM signal cancels the run (within one transformer block) and waits for it to stop, so
        // nothing half-done is left and the user is told
        CancellationToken token = new CancellationToken();
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        PrintWriter err = spec.commandLine().getErr();
        Thread hook = new Thread(() -> {
            token.cancel();
            try {
                stopped.await(SIGNAL_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // a signal after the last step (the decode) comes too late to cancel: the run finished and said so
            if (!finished.get()) {
                err.println("cancelled by a signal: nothing half-done was recorded or written");
                err.flush();
            }
        }, "seedframe-cancel-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int status = run(ctx, spec, modelDir, request, project, out, token);
            finished.set(true);
            return status;
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it reports
            }
        }
    }

    /** How long a signal waits for the run to stop before the process ends anyway. */
    static final long SIGNAL_WAIT_SECONDS = 30;

    private static int run(AppContext ctx, CommandSpec spec, Path modelDir, GenerationRequest request,
            ProjectOptions project, Path out, CancellationToken token) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        StderrProgress progress = new StderrProgress(err);
        if (project == null || project.file == null) {
            GenerationService.Result r = ctx.generation().generate(modelDir, request, progress, token);
            write(out, SeedframePng.encode(r.image(), r.request(), r.model(), r.environment(), r.adjustments(), null));
            notes(err, r.adjustments());
            stdout.println(String.format(Locale.ROOT, "wrote %s (%dx%d, seed %d, %d steps, cfg %s, %.1f s)", out,
                    r.image().width(), r.image().height(), request.seed(), request.steps(), request.cfg(),
                    r.timings().totalMs() / 1000.0));
            return 0;
        }
        if (project.parent != null && !java.nio.file.Files.exists(project.file)) {
            throw new UsageException("--parent " + project.parent + ": " + project.file
                    + " does not exist yet, so it has no generation " + project.parent);
        }
        try (Project p = ctx.projects().openOrCreate(project.file)) {
            Project.Outcome o;
            try {
                o = p.generate(modelDir, request, project.parent, List.of(), progress, token);
            } catch (Project.NotRecordedException e) {
                // the run's image is kept: written to --out without a generation id, then the failure is said
                Project.Outcome u = e.unrecorded();
                try {
                    write(out, SeedframePng.encode(u.image(), u.request(), u.model(), u.environment(),
                            u.adjustments(), null));
                    err.println("note: the image was written to " + out + " (with its settings in the PNG; "
                            + "import-png records it once the project can be written)");
                } catch (UsageException writeFailed) {
                    err.println("note: the image could not be written either: " + writeFailed.getMessage());
                }
                throw e;
            } catch (dev.seedframe.store.NoSuchGenerationException e) {
                throw new UsageException("--parent " + project.parent + ": " + e.getMessage());
            }
            write(out, SeedframePng.encode(o.image(), o.request(), o.model(), o.environment(), o.adjustments(),
                    o.generationId()));
            if (o.fromCache()) {
                stdout.println(String.format(Locale.ROOT,
                        "served from the project cache in %.1f ms: generation #%d (the model did not run); wrote %s",
                        o.lookupMillis(), o.generationId(), out));
            } else {
                notes(err, o.adjustments());
                stdout.println(String.format(Locale.ROOT,
                        "recorded generation #%d in %s; wrote %s (%dx%d, seed %d, %d steps, cfg %s, %.1f s)",
                        o.generationId(), p.path(), out, o.image().width(), o.image().height(), request.seed(),
                        request.steps(), request.cfg(), o.timings().totalMs() / 1000.0));
            }
            return 0;
        }
    }

    private static void notes(PrintWriter err, List<String> adjustments) {
        for (String a : adjustments) {
            err.println("note: " + a);
        }
    }
}
