package dev.seedframe.app.cli;

import dev.seedframe.app.AppContext;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.service.Project;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seedframe history}: one line per generation. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "List a project's generations.")
public final class HistoryCommand extends CliCommand {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    @Mixin
    ProjectFileOption project;

    public HistoryCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (Project p = ctx.projects().openForReading(project.file)) {
            out.println(String.format(Locale.ROOT, "%-5s %-19s %-8s %-20s %-11s %-6s %-12s %s", "id", "time", "kind",
                    "seed", "size", "parent", "image", "prompt"));
            for (GenerationSummary s : p.history()) {
                out.println(String.format(Locale.ROOT, "%-5d %-19s %-8s %-20d %-11s %-6s %-12s %s%s", s.id(),
                        TIME.format(s.createdAt()), s.kind().id(), s.seed(), s.width() + "x" + s.height(),
                        s.parentId() == null ? "-" : s.parentId().toString(), s.imageSha256().substring(0, 12),
                        oneLine(s.prompt()), s.starred() ? "  ★" : ""));
            }
        }
        return 0;
    }

    static String oneLine(String prompt) {
        String p = prompt.replace('\n', ' ');
        return p.length() > 60 ? p.substring(0, 59) + "…" : p;
    }
}
