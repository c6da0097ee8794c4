package dev.seedframe.app;

import dev.seedframe.service.GpuSetup;
import java.nio.file.Path;

/**
 * Entry point: no arguments (or {@code studio}) opens the studio, one project file (a double-clicked
 * {@code .seedframe}) opens it in the studio, otherwise the command line runs.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        GpuSetup.useRemembered(); // the CUDA libtorch setup-gpu installed, unless PYTORCH_LIBRARY_PATH says otherwise
        // no arguments: the studio; "studio [--help]" goes through the command line like every command
        System.exit(args.length == 0 ? studio(null)
                : StudioLauncher.isProjectArgument(args) ? studio(Path.of(args[0])) : Cli.run(args));
    }

    /** Opens the studio window (on {@code project} when not null); returns when it is closed. */
    static int studio(Path project) {
        try (AppContext ctx = new AppContext()) {
            return StudioLauncher.run(ctx, project, System.out);
        }
    }
}
