package dev.seedframe.app;

import dev.seedframe.service.Studio;
import dev.seedframe.service.UserDirs;
import dev.seedframe.ui.StudioApp;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens the studio, optionally on a project file (a double-clicked {@code .seedframe}): when this user's studio
 * already runs, the file goes to that window instead (see {@link SingleInstance}) and this launch ends.
 */
public final class StudioLauncher {

    /** How long a second launch waits for the running studio to take its file. */
    static final Duration HAND_OVER_WAIT = Duration.ofSeconds(10);

    private StudioLauncher() {}

    /**
     * True when the command line is a project to open in the studio (what a file manager passes on a double
     * click): one argument that names a {@code .seedframe} file or any existing file, not a command.
     */
    public static boolean isProjectArgument(String[] args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            return false;
        }
        String a = args[0];
        if (Cli.commandNames().contains(a)) {
            return false; // a command, even where a file of that name lies in the working folder
        }
        if (a.toLowerCase(Locale.ROOT).endsWith(".seedframe")) {
            return true;
        }
        try {
            return Files.isRegularFile(Path.of(a));
        } catch (RuntimeException notAPath) {
            return false;
        }
    }

    /** Runs the studio until its window closes, or hands {@code project} (may be null) to the running one. */
    public static int run(AppContext ctx, Path project, PrintStream out) {
        Path dir = UserDirs.config();
        Optional<SingleInstance> claim;
        boolean alone = true;
        try {
            claim = SingleInstance.claim(dir);
            alone = claim.isPresent();
        } catch (IOException | RuntimeException e) {
            claim = Optional.empty(); // an unwritable user folder: no hand-over, the window opens all the same
        }
        if (!alone) {
            if (SingleInstance.handOver(dir, Optional.ofNullable(project), HAND_OVER_WAIT)) {
                out.println(project != null ? "Opened " + project + " in the studio that is already running."
                        : "The studio is already running: its window was brought to the front.");
                return Cli.EXIT_OK;
            }
            out.println("Another Seedframe studio seems to be running but did not answer; opening a new window.");
        }
        Optional<SingleInstance> instance = claim;
        try {
            StudioApp.launch(() -> {
                Studio studio = ctx.studio();
                if (project != null) {
                    studio.requestStartupProject(project.toAbsolutePath().normalize());
                }
                return studio;
            }, instance.<java.util.function.Consumer<java.util.function.Consumer<Optional<Path>>>>map(
                    i -> i::onHandOver).orElse(null));
        } finally {
            instance.ifPresent(SingleInstance::close);
        }
        return Cli.EXIT_OK;
    }
}
