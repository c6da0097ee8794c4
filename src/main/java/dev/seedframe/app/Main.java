package dev.seedframe.app;

import dev.seedframe.service.GpuSetup;
import dev.seedframe.ui.StudioApp;

/** Entry point: no arguments (or {@code studio}) opens the studio, otherwise the command line runs. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        GpuSetup.useRemembered(); // the CUDA libtorch setup-gpu installed, unless PYTORCH_LIBRARY_PATH says otherwise
        // no arguments: the studio; "studio [--help]" goes through the command line like every command
        System.exit(args.length == 0 ? studio() : Cli.run(args));
    }

    /** Opens the studio window; returns when it is closed. */
    static int studio() {
        try (AppContext ctx = new AppContext()) {
            StudioApp.launch(ctx::studio);
            return Cli.EXIT_OK;
        }
    }
}
