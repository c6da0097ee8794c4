package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.engine.MemoryFit;
import dev.seedframe.engine.SingleFileDescription;
import dev.seedframe.hub.SnapshotDownloader;
import dev.seedframe.service.FoundModel;
import dev.seedframe.service.ModelDiscovery;
import dev.seedframe.service.ModelFolders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seedframe models}: the Qwen-Image models on this machine, and the folders to look in. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the Qwen-Image models on this machine: pipelines in the Hugging Face cache (HF_HUB_CACHE,"
                + " HF_HOME, the default location), in the folders you added, and the single files of the ComfyUI"
                + " folders you added; each with what it is, how it is stored, its size, whether it is complete, and"
                + " the memory mode that runs it here (an estimate).",
                "Exit status: 0 (also when none is found), 2 a folder to add that does not exist."})
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--add-folder", paramLabel = "DIR",
            description = "Remember a model folder (a pipeline, or a folder of pipelines) and list it from now on.")
    Path addFolder;

    @Option(names = "--add-comfyui", paramLabel = "DIR",
            description = "Remember a ComfyUI folder (or its models/ folder) and list its Qwen-Image single files.")
    Path addComfyUi;

    @Option(names = "--forget", paramLabel = "DIR", description = "Stop looking in a folder added before.")
    Path forget;

    @Option(names = "--hub-cache", paramLabel = "DIR",
            description = "Look in this Hugging Face cache instead of the usual ones (repeatable).")
    List<Path> hubCaches;

    @Spec
    CommandSpec spec;

    private final AppContext ctx;

    public ModelsCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ModelDiscovery discovery = ModelDiscovery.userDefault(System.getenv());
        if (hubCaches != null) {
            discovery = new ModelDiscovery(hubCaches, discovery.folders(), discovery::preferredFolders);
        }
        ModelFolders folders = discovery.folders();
        if (!remember(folders, out)) {
            return 2;
        }
        ModelDiscovery.Budget budget = ModelDiscovery.Budget.of(ctx.models());
        List<FoundModel> found = discovery.find(budget);
        if (found.isEmpty()) {
            out.println("No Qwen-Image model found. Looked in the Hugging Face cache (" + join(discovery.hubCaches())
                    + ")" + (folders.list().isEmpty() ? "" : " and in " + folders.list().size() + " folder(s) you added")
                    + ".");
            out.println("Download one with `seedframe download Qwen/Qwen-Image`, or add a folder with `seedframe models"
                    + " --add-folder DIR` (ComfyUI: --add-comfyui DIR).");
            return 0;
        }
        out.println("Memory for the estimates: " + SnapshotDownloader.bytes(budget.bytes()) + " (" + budget.device()
                + ")");
        for (FoundModel m : found) {
            out.println();
            print(m, out);
        }
        return 0;
    }

    private boolean remember(ModelFolders folders, PrintWriter out) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : new Path[] {addFolder, addComfyUi}) {
            if (p != null && !Files.isDirectory(p)) {
                err.println("error: " + p + (Files.exists(p) ? " is a file" : " does not exist") + ": add a folder");
                return false;
            }
        }
        if (addFolder != null) {
            out.println((folders.add(ModelFolders.Kind.FOLDER, addFolder) ? "added " : "already added: ")
                    + addFolder.toAbsolutePath().normalize());
        }
        if (addComfyUi != null) {
            out.println((folders.add(ModelFolders.Kind.COMFYUI, addComfyUi) ? "added ComfyUI folder " : "already added: ")
                    + addComfyUi.toAbsolutePath().normalize());
        }
        if (forget != null) {
            out.println((folders.remove(forget) ? "forgot " : "was not added: ") + forget.toAbsolutePath().normalize());
        }
        return true;
    }

    private static void print(FoundModel m, PrintWriter out) {
        String what = m.singleFile()
                ? m.component().label() + " single file" + (m.variant() != null ? " (name says " + m.variant().label()
                        + ")" : "")
                : m.variant() != null ? m.variant().label() : "Qwen-Image pipeline";
        out.println(m.name() + "  [" + m.origin().label() + "]");
        out.println("  " + what + ", " + m.precision() + ", " + SnapshotDownloader.bytes(m.sizeBytes()) + ", "
                + (m.complete() ? "complete" : "INCOMPLETE"));
        for (String p : m.problems()) {
            out.println("    - " + p);
        }
        if (m.singleFile()) {
            out.println("  " + m.detail() + "; runs with " + option(m.component()) + " FILE (the studio's model picker"
                    + " combines it too)");
        } else if (m.unsupported() != null) {
            out.println("  cannot run here yet: " + m.unsupported());
        } else if (m.fit() != null) {
            out.println("  runs here: " + runsWith(m.fit()));
        } else if (m.detail() != null && !m.problems().contains(m.detail())) {
            out.println("  " + m.detail());
        }
        out.println("  path: " + m.path());
    }

    /** The generating commands' option that takes a single file of {@code part}. */
    private static String option(SingleFileDescription.Component part) {
        return switch (part) {
            case TRANSFORMER -> "--transformer";
            case TEXT_ENCODER -> "--text-encoder";
            case VAE -> "--vae";
        };
    }

    static String runsWith(MemoryFit f) {
        if (!f.fits()) {
            return String.format(Locale.ROOT, "not in this memory: even --memory-mode stream-blocks needs about %s",
                    SnapshotDownloader.bytes(f.leastBytes()));
        }
        return String.format(Locale.ROOT, "--memory-mode %s%s (about %s estimated)", f.mode().id(),
                f.gpu() ? " --precision " + f.precision().name().toLowerCase(Locale.ROOT) : "",
                SnapshotDownloader.bytes(f.estimates().get(f.mode())));
    }

    private static String join(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }
}
