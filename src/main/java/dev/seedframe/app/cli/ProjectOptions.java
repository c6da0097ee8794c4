package dev.seedframe.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --project FILE [--parent ID]}: record in a project (created when missing). */
public final class ProjectOptions {

    @Option(names = "--project", paramLabel = "FILE",
            description = "Record the generation in this project file (created if missing); an identical request"
                    + " already in it is answered from it without running the model.")
    Path file;

    @Option(names = "--parent", paramLabel = "ID", description = "The generation this one continues from.")
    Long parent;
}
