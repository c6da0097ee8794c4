package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.app.Cli;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Note;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.service.ImportedPictures;
import dev.seedframe.service.Project;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seedframe import}: pictures into a project, each a root node "Imported" that edits start from. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import pictures (PNG, JPEG, WebP, TIFF, BMP, GIF; up to 100 megapixels) into a project: each"
                + " becomes a root node of the history, its file kept byte for byte so every edit of it replays from"
                + " the project alone. Every conversion (EXIF orientation, 16-bit, greyscale or palette to 8-bit RGB,"
                + " colour profile to sRGB, alpha set aside as a mask source) is said and recorded. A file that cannot"
                + " be imported is said and skipped; the others are imported.")
public final class ImportCommand extends CliCommand {

    @Option(names = "--project", paramLabel = "FILE", required = true,
            description = "The project file (created if missing).")
    Path project;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The pictures to import.")
    List<Path> files;

    public ImportCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        int refused = 0;
        try (Project p = ctx.projects().openOrCreate(project)) {
            for (Path f : files) {
                ImportedPictures.Result r;
                try {
                    r = ImportedPictures.importFile(p, f);
                } catch (NoSuchFileException e) {
                    err.println("error: " + f + ": file not found; nothing imported from it");
                    refused++;
                    continue;
                } catch (ImageFormatException e) {
                    err.println("error: " + e.getMessage() + "; nothing imported from it");
                    refused++;
                    continue;
                } catch (IOException e) {
                    err.println("error: cannot read " + f + ": " + e.getMessage() + "; nothing imported from it");
                    refused++;
                    continue;
                }
                out.println(String.format(Locale.ROOT, "imported %s as #%d (%s, %dx%d%s)", f.getFileName(),
                        r.nodeId(), r.file().format(), r.image().width(), r.image().height(),
                        r.alpha() != null ? ", alpha kept as a mask source" : ""));
                for (Note n : r.notes()) {
                    err.println("note: " + f.getFileName() + ": " + n.english());
                }
                r.settings().ifPresent(s -> {
                    GenerationRequest q = s.request();
                    out.println(String.format(Locale.ROOT, "  it carries generation settings%s: %s, seed %d, %d steps,"
                            + " cfg %s, %dx%d, prompt \"%s\" (import-png records them as a generation)",
                            s.exact() ? " (Seedframe's own)" : " (parameters text)", q.kind().id(), q.seed(), q.steps(),
                            q.cfg(), q.width(), q.height(), HistoryCommand.oneLine(q.prompt())));
                });
            }
        }
        if (refused > 0) {
            err.println(refused + " of " + files.size() + (files.size() == 1 ? " file was" : " files were")
                    + " not imported");
            return Cli.EXIT_USAGE;
        }
        return Cli.EXIT_OK;
    }
}
