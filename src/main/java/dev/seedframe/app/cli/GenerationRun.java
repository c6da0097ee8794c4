package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.Note;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.service.Generation;
import dev.seedframe.service.Project;
import dev.seedframe.service.Recording;
import dev.seedframe.service.SeedframePng;
import dev.seedframe.store.NoSuchGenerationException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One generating command's run: the application's generate use case (recording in {@code --project} or not),
 * cancelled by Ctrl-C or a TERM signal, then the PNG written to {@code --out} and the result reported. An image the
 * project cannot record is written to {@code --out} by the use case before the failure is said.
 */
final class GenerationRun {

    /** How long a signal waits for the run to stop before the process ends anyway. */
    static final long SIGNAL_WAIT_SECONDS = 30;

    private final AppContext ctx;
    private final PrintWriter out;
    private final PrintWriter err;

    GenerationRun(AppContext ctx, PrintWriter out, PrintWriter err) {
        this.ctx = ctx;
        this.out = out;
        this.err = err;
    }

    int run(ModelFiles files, GenerationRequest request, ProjectOptions project, Path png) throws Exception {
        // Ctrl-C or a TERM signal cancels the run (within one transformer block) and waits for it to stop, so
        // nothing half-done is left and the user is told
        CancellationToken token = new CancellationToken();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            token.cancel();
            try {
                stopped.await(SIGNAL_WAIT_SECONDS, TimeUnit.SECONDS);
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
            int status = record(files, request, project, png, token);
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

    private int record(ModelFiles files, GenerationRequest request, ProjectOptions project, Path png,
            CancellationToken token) throws Exception {
        StderrProgress progress = new StderrProgress(err);
        if (project.file == null) {
            Generation g = ctx.useCases().generate(files, request, Recording.none(), progress, token);
            CliSupport.write(png, SeedframePng.encode(g));
            notes(g.notes());
            out.println(String.format(Locale.ROOT, "wrote %s (%s)", png, what(g)));
            return 0;
        }
        if (project.parent != null && !Files.exists(project.file)) {
            throw new UsageException("--parent " + project.parent + ": " + project.file
                    + " does not exist yet, so it has no generation " + project.parent);
        }
        try (Project p = ctx.projects().openOrCreate(project.file)) {
            Generation g;
            try {
                g = ctx.useCases().generate(files, request, Recording.into(p, project.parent, List.of(png)), progress,
                        token);
            } catch (NoSuchGenerationException e) {
                throw new UsageException("--parent " + project.parent + ": " + e.getMessage());
            }
            CliSupport.write(png, SeedframePng.encode(g));
            if (g.fromCache()) {
                out.println(String.format(Locale.ROOT,
                        "served from the project cache in %.1f ms: generation #%d (the model did not run); wrote %s",
                        g.lookupMillis(), g.id(), png));
            } else {
                notes(g.notes());
                out.println(String.format(Locale.ROOT, "recorded generation #%d in %s; wrote %s (%s)", g.id(),
                        p.path(), png, what(g)));
            }
            return 0;
        }
    }

    private static String what(Generation g) {
        GenerationRequest r = g.request();
        StringBuilder loras = new StringBuilder();
        for (LoraSpec l : r.loras()) {
            loras.append(", LoRA ").append(l.fileName()).append(' ').append(l.weight()).append(' ')
                    .append(l.method().id());
        }
        return String.format(Locale.ROOT, "%dx%d, seed %d, %d steps, cfg %s%s, %.1f s", g.image().width(),
                g.image().height(), r.seed(), r.steps(), r.cfg(), loras, g.timings().totalMs() / 1000.0);
    }

    private void notes(List<Note> notes) {
        for (Note n : notes) {
            err.println("note: " + n.english());
        }
    }
}
