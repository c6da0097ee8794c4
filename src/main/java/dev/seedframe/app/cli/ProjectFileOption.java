package dev.seedframe.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --project FILE}, required: the project a command reads (history, export, replay, verify) or fills. */
public final class ProjectFileOption {

    @Option(names = "--project", paramLabel = "FILE", required = true, description = "The project file.")
    Path file;
}
