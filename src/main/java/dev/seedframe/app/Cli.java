package dev.seedframe.app;

import dev.seedframe.app.cli.BenchCommand;
import dev.seedframe.app.cli.DevicesCommand;
import dev.seedframe.app.cli.DownloadCommand;
import dev.seedframe.app.cli.EditCommand;
import dev.seedframe.app.cli.ExportCommand;
import dev.seedframe.app.cli.GenerateCommand;
import dev.seedframe.app.cli.HistoryCommand;
import dev.seedframe.app.cli.Img2ImgCommand;
import dev.seedframe.app.cli.ImportCommand;
import dev.seedframe.app.cli.ImportPngCommand;
import dev.seedframe.app.cli.InpaintCommand;
import dev.seedframe.app.cli.LayersCommand;
import dev.seedframe.app.cli.ModelsCommand;
import dev.seedframe.app.cli.OutpaintCommand;
import dev.seedframe.app.cli.ReplayCommand;
import dev.seedframe.app.cli.SetupGpuCommand;
import dev.seedframe.app.cli.StudioCommand;
import dev.seedframe.app.cli.TerminalText;
import dev.seedframe.app.cli.TrainDemoCommand;
import dev.seedframe.app.cli.VerifyCommand;
import dev.seedframe.domain.AppVersion;
import dev.seedframe.service.Failure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code seedframe} command line. Every failure is a message and an exit status, never a stack
 * trace: 2 for input to change, 1 for a failure, 130 for a cancelled run, 70 for an internal error
 * (whose details go to a log file).
 */
@Command(name = "seedframe", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Seedframe: reproducible Qwen-Image generation."
                + " Run with no arguments, or with studio, to open the studio.",
        subcommands = {GenerateCommand.class, Img2ImgCommand.class, InpaintCommand.class, OutpaintCommand.class,
                EditCommand.class, ReplayCommand.class, VerifyCommand.class, HistoryCommand.class,
                ExportCommand.class, ImportCommand.class, ImportPngCommand.class, LayersCommand.class,
                BenchCommand.class, DevicesCommand.class, StudioCommand.class, ModelsCommand.class,
                DownloadCommand.class, SetupGpuCommand.class,
                TrainDemoCommand.class})
public final class Cli implements Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 70;
    public static final int EXIT_CANCELLED = 130;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return EXIT_OK;
    }

    /** The names of the commands ({@code generate}, {@code studio}...). */
    public static java.util.Set<String> commandNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Class<?> c : Cli.class.getAnnotation(Command.class).subcommands()) {
            names.add(c.getAnnotation(Command.class).name());
        }
        return names;
    }

    /** Runs the command line and returns the exit status. */
    public static int run(String[] args) {
        try (AppContext ctx = new AppContext()) {
            return commandLine(ctx).execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands Exceptions to handle(); an Error reaches here, and still gets a message, not a trace
            System.err.println("error: out of memory (" + e.getMessage() + "). Try a smaller size, a memory mode"
                    + " (--memory-mode offload-text-encoder, stream-blocks or int8), or give Java more memory"
                    + " (java -Xmx...).");
            return EXIT_FAILURE;
        } catch (Error e) {
            Path log = writeCrashLog(e);
            System.err.println(TerminalText.safe(internalError(Failure.of(e), log)));
            return EXIT_INTERNAL;
        }
    }

    /** A configured picocli instance over {@code ctx} (tests run commands in-process through it). */
    public static CommandLine commandLine(AppContext ctx) {
        CommandLine cl = new CommandLine(new Cli(), new Factory(ctx));
        // everything printed may carry text from someone else's file: escaped for the terminal
        cl.setOut(TerminalText.writer(cl.getOut()));
        cl.setErr(TerminalText.writer(cl.getErr()));
        cl.setExecutionStrategy(parsed -> {
            CommandLine root = parsed.commandSpec().root().commandLine();
            root.setOut(TerminalText.writer(root.getOut())); // writers set after this method are wrapped too
            root.setErr(TerminalText.writer(root.getErr()));
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler(Cli::handle);
        // a mistyped option gets its message and where the options are listed, not the whole usage text
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("(the options: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return EXIT_USAGE;
        });
        return cl;
    }

    /** The exit status and words for a failure, sorted by the application's one classification. */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        Failure f = Failure.of(e);
        if (f.kind() == Failure.Kind.CANCELLED) {
            err.println(f.getMessage());
            return EXIT_CANCELLED;
        }
        if (f.kind() == Failure.Kind.INTERNAL) {
            Path log = writeCrashLog(e);
            err.println(internalError(f, log));
            return EXIT_INTERNAL;
        }
        err.println("error: " + f.getMessage());
        return f.inputToChange() ? EXIT_USAGE : EXIT_FAILURE;
    }

    /** An internal error in words (the application's; the stack trace goes to the log). */
    private static String internalError(Failure f, Path log) {
        return "internal error: " + f.getMessage() + (log != null ? "; details in " + log : "");
    }

    private static Path writeCrashLog(Throwable e) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            Path log = dir.resolve("seedframe-error.log");
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            Files.writeString(log, Instant.now() + " Seedframe " + AppVersion.seedframe() + "\n" + sw + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return log;
        } catch (IOException | SecurityException io) {
            return null;
        }
    }

    /** Builds commands, handing the context to those that take one. */
    private record Factory(AppContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(AppContext.class).newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }

    /** {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Seedframe " + AppVersion.seedframe() + " (DJL " + AppVersion.pinnedDjl()
                    + ", libtorch " + AppVersion.pinnedLibtorch() + ")"};
        }
    }
}
