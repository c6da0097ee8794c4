package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.service.LayerStacks;
import dev.seedframe.service.Project;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seedframe layers}: a node's layers, shown, hidden, their opacity. */
@Command(name = "layers", mixinStandardHelpOptions = true,
        description = "List the layers of a node: the picture its edits started from, then one layer per edit"
                + " holding only what that edit changed (an inpaint: its region, its feathered mask as alpha). Show,"
                + " hide or fade layers by the id of the edit they hold; export --flatten or --ora writes the result.")
public final class LayersCommand implements Callable<Integer> {

    @Option(names = "--project", paramLabel = "FILE", required = true)
    Path project;

    @Option(names = "--generation", paramLabel = "ID", required = true, description = "The node whose layers to list.")
    long generation;

    @Option(names = "--show", paramLabel = "ID", split = ",", description = "Show the layer of these edits.")
    List<Long> show = List.of();

    @Option(names = "--hide", paramLabel = "ID", split = ",", description = "Hide the layer of these edits.")
    List<Long> hide = List.of();

    @Option(names = "--opacity", paramLabel = "ID=F", description = "Set the opacity (0 to 1) of an edit's layer.")
    Map<Long, Double> opacity = Map.of();

    @Spec
    CommandSpec spec;

    private final AppContext ctx;

    public LayersCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Project p = ctx.projects().open(project)) {
            LayerStacks.Stack stack = LayerStacks.of(p, generation);
            for (Map.Entry<Long, Double> e : opacity.entrySet()) {
                if (!(e.getValue() >= 0 && e.getValue() <= 1)) {
                    throw new UsageException("--opacity " + e.getKey() + "=" + e.getValue() + ": the opacity is a number"
                            + " from 0 to 1");
                }
            }
            for (long id : show) {
                p.setLayerVisible(entry(stack, id).layer().id(), true);
            }
            for (long id : hide) {
                p.setLayerVisible(entry(stack, id).layer().id(), false);
            }
            for (Map.Entry<Long, Double> e : opacity.entrySet()) {
                p.setLayerOpacity(entry(stack, e.getKey()).layer().id(), e.getValue());
            }
            stack = LayerStacks.of(p, generation);
            out.println(String.format(Locale.ROOT, "#%d: %d layer%s over #%d (%s, %dx%d)", generation,
                    stack.layers().size(), stack.layers().size() == 1 ? "" : "s", stack.base().id(),
                    stack.base().kind().id(), stack.base().width(), stack.base().height()));
            for (int i = stack.layers().size() - 1; i >= 0; i--) {
                LayerStacks.Entry e = stack.layers().get(i);
                out.println(String.format(Locale.ROOT, "  #%-4d %-8s %s opacity %.2f  %dx%d at %d,%d%s",
                        e.generation().id(), e.generation().kind().id(), e.layer().visible() ? "shown " : "hidden",
                        e.layer().opacity(), e.pixels().width(), e.pixels().height(), e.pixels().x(), e.pixels().y(),
                        e.pixels().alpha() == null ? ", opaque" : ", feathered edge"));
            }
            out.println(String.format(Locale.ROOT, "  #%-4d %-8s base", stack.base().id(), stack.base().kind().id()));
        }
        return 0;
    }

    private LayerStacks.Entry entry(LayerStacks.Stack stack, long id) throws UsageException {
        return stack.layerOf(id).orElseThrow(() -> new UsageException("#" + id + " is not a layer of #" + generation
                + "; its layers hold the edits " + stack.layers().stream().map(e -> "#" + e.generation().id()).toList()));
    }
}
