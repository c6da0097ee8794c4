package dev.seedframe.app.cli;

import dev.seedframe.app.Cli;
import dev.seedframe.hub.HubException;
import java.io.PrintWriter;

/** A download's failure as the command line says it: the message, and an exit status by its kind. */
final class HubFailures {

    private HubFailures() {}

    static int report(HubException e, PrintWriter err) {
        switch (e.kind()) {
            case CANCELLED -> {
                err.println("cancelled: " + e.getMessage());
                return Cli.EXIT_CANCELLED;
            }
            case INVALID, NOT_FOUND -> {
                err.println("error: " + e.getMessage());
                return Cli.EXIT_USAGE;
            }
            default -> {
                err.println("error: " + e.getMessage());
                return Cli.EXIT_FAILURE;
            }
        }
    }
}
