package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.RuntimeReport;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code seedframe devices}: the runtime, the GPUs, and what {@code --device gpu} gets here, without a model. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"Show the libtorch in use, the GPUs it sees with their memory, and what --device gpu would"
                + " run on (or why it would fall back to the CPU). Loads no model: use it to check a CUDA set-up"
                + " (README: Running on a GPU).",
                "Exit status: 0 when the engine starts (also on a CPU-only machine), 1 when it cannot start (the"
                        + " message says why)."})
public final class DevicesCommand extends CliCommand {

    public DevicesCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        RuntimeReport r = ctx.models().runtime();
        out.println("engine:  DJL " + r.djlVersion() + ", " + r.runtime());
        out.println("cpu:     " + r.cpuThreads() + " threads");
        if (r.gpus().isEmpty()) {
            out.println("gpus:    none");
        }
        for (RuntimeReport.Gpu g : r.gpus()) {
            out.println(String.format(Locale.ROOT, "gpu:     %s %s, %s", g.id(), g.name(), memory(g)));
        }
        DeviceInfo gpu = r.gpu();
        out.println("--device gpu: " + (gpu.fellBack() ? "the CPU, because " + gpu.fallbackReason()
                : gpu.description()));
        for (String note : r.notes()) {
            out.println("warning: " + note);
        }
        return 0;
    }

    private static String memory(RuntimeReport.Gpu g) {
        if (g.totalBytes() <= 0) {
            return "memory unknown";
        }
        String s = String.format(Locale.ROOT, "%.1f GiB", g.totalBytes() / 1073741824.0);
        return g.usedBytes() >= 0 ? s + String.format(Locale.ROOT, " (%.1f GiB in use)", g.usedBytes() / 1073741824.0)
                : s;
    }
}
