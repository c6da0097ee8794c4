package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.ModelCapabilities;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code seedframe generate}: text to image. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate an image from a prompt.")
public final class GenerateCommand extends GeneratingCommand {

    public GenerateCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    GenerationRequest request(ModelCapabilities caps, PrintWriter err) throws UsageException {
        return CliSupport.request(PipelineKind.TEXT_TO_IMAGE, g, caps, err);
    }
}
