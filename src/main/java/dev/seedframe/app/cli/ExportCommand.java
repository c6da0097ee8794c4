package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.imaging.Png;
import dev.seedframe.service.Exports;
import dev.seedframe.service.Project;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedframe export}: nodes as PNGs carrying their request, layers flattened or as OpenRaster, masks. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a node as a PNG with its parameters embedded (Seedframe JSON and 'parameters' text), or"
                + " bare (--no-metadata); several at once (--starred, or --generation 3,5,8) into a folder (--dir);"
                + " a node's layers flattened as shown (--flatten) or as a layered OpenRaster file (--ora, opens in"
                + " Krita, GIMP, MyPaint); an inpaint's mask (--mask).")
public final class ExportCommand extends CliCommand {

    @Mixin
    ProjectFileOption project;

    static final class Which {
        @Option(names = "--generation", paramLabel = "ID", split = ",", required = true,
                description = "The node(s) to export.")
        List<Long> generations;

        @Option(names = "--starred", required = true, description = "Every starred node.")
        boolean starred;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Where {
        @Option(names = "--out", paramLabel = "FILE", required = true,
                description = "The file to write (one node): .png, or .ora with --ora.")
        Path out;

        @Option(names = "--dir", paramLabel = "DIR", required = true,
                description = "The folder to write into, one PNG per node, named after the project and the node.")
        Path dir;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    static final class What {
        @Option(names = "--flatten", description = "The node's visible layers composed, with their opacities.")
        boolean flatten;

        @Option(names = "--ora", description = "The node's layers as an OpenRaster file (--out FILE.ora).")
        boolean ora;

        @Option(names = "--mask", description = "The node's mask: an inpaint's, or an imported picture's"
                + " transparency (white = repaint).")
        boolean mask;
    }

    @ArgGroup(exclusive = true)
    What what = new What();

    @Option(names = "--no-metadata", description = "Write the pixels only, without the generation data.")
    boolean noMetadata;

    @Option(names = "--overwrite", description = "With --dir: replace files of the same names (otherwise an existing"
            + " one stops the export before anything is written).")
    boolean overwrite;

    public ExportCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        boolean special = what.flatten || what.ora || what.mask;
        if (where.dir != null && special) {
            throw new UsageException("--flatten, --ora and --mask write one node: use --out FILE");
        }
        if (where.out != null) {
            if (what.ora) {
                checkOra(where.out);
            } else {
                CliSupport.checkOutput(where.out);
            }
        } else if (!Files.isDirectory(where.dir)) {
            throw new UsageException("--dir " + where.dir + (Files.exists(where.dir) ? " is a file" : " does not exist")
                    + ": pass a folder");
        }
        try (Project p = ctx.projects().openForReading(project.file)) {
            List<Long> ids = which.starred ? Exports.starred(p) : which.generations;
            if (ids.isEmpty()) {
                throw new UsageException("no node is starred in " + project + ": nothing to export");
            }
            if (where.out != null) {
                if (ids.size() != 1) {
                    throw new UsageException("--out writes one node, and " + ids.size() + " were named: use --dir DIR");
                }
                long id = ids.get(0);
                if (what.ora) {
                    CliSupport.write(where.out, Exports.openRaster(p, id));
                    out.println("exported the layers of #" + id + " to " + where.out + " (OpenRaster)");
                } else if (what.flatten) {
                    CliSupport.write(where.out, Exports.flattenedPng(p, id));
                    out.println("exported the layers of #" + id + " flattened to " + where.out);
                } else if (what.mask) {
                    try {
                        CliSupport.write(where.out, Exports.maskPng(p, id));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                    out.println("exported the mask of #" + id + " to " + where.out);
                } else if (noMetadata) {
                    CliSupport.write(where.out, Png.encode(p.load(id).output(), Map.of()));
                    out.println("exported #" + id + " to " + where.out + " (pixels only)");
                } else {
                    try {
                        ctx.useCases().export(p, id, where.out);
                    } catch (java.io.IOException e) {
                        throw CliSupport.writeFailure(where.out, e); // a full disk is said, not an internal error
                    }
                    out.println("exported generation #" + id + " to " + where.out);
                }
                return 0;
            }
            List<Path> written;
            try {
                written = Exports.many(p, ids, where.dir, !noMetadata, overwrite);
            } catch (FileAlreadyExistsException e) {
                throw new UsageException("--dir " + where.dir + ": " + e.getReason() + ", or pass --overwrite");
            }
            for (Path w : written) {
                out.println("wrote " + w);
            }
            out.println(String.format(Locale.ROOT, "exported %d node%s to %s%s", written.size(),
                    written.size() == 1 ? "" : "s", where.dir, noMetadata ? " (pixels only)" : ""));
        }
        return 0;
    }

    private static void checkOra(Path out) throws UsageException {
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".ora")) {
            throw new UsageException("--ora writes an OpenRaster file: --out must name a .ora file, got " + out);
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("cannot write " + out + ": the folder " + dir + " does not exist");
        }
    }
}
