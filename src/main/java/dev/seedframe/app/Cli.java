package dev.seedframe.app;

/** The {@code seedframe} command line (placeholder until the engine lands). */
public final class Cli {

    private Cli() {}

    static int run(String[] args) {
        return 0;
    }
}
