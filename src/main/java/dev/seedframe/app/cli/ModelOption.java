package dev.seedframe.app.cli;

import dev.seedframe.app.AppPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR}: the model that runs (default: the embedded tiny model). */
public final class ModelOption {

    @Option(names = "--model", paramLabel = "DIR",
            description = "Diffusers pipeline folder (model_index.json, transformer/, vae/, ...). "
                    + "Default: the embedded tiny model.")
    Path model;

    /** The model folder: as given (which must be a folder), else the embedded tiny model. */
    Path dir() throws UsageException {
        return checked(model, AppPaths.defaultModel());
    }

    /** {@code given} when it is a folder (else a refusal that says what to pass), or {@code otherwise} when null. */
    static Path checked(Path given, Path otherwise) throws UsageException {
        if (given != null && !Files.isDirectory(given)) {
            throw new UsageException("--model " + given + (Files.exists(given) ? " is a file" : " does not exist")
                    + ": pass the folder of a diffusers Qwen-Image model (the one holding model_index.json)");
        }
        return given != null ? given : otherwise;
    }
}
