package dev.seedframe.app;

/** Entry point: no arguments opens the studio, otherwise the command line runs. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}
