package io.barcast.cli;

import io.barcast.bench.BenchCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar barcast.jar <command>}. */
@Command(name = "barcast", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Next-day close predictions from continuously retrained LSTM models over a Kafka stream of daily bars.",
        subcommands = {LocalCommand.class, RunCommand.class, ReplayCommand.class, BacktestCommand.class, BenchCommand.class,
                LeaveGroupCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static {
        NativeDefaults.apply();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            boolean usage = isUsageError(ex);
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(cmd.getColorScheme().errorText(name + ": " + message(ex)));
            if (usage) {
                cmd.getErr().println("Run '" + name + " --help' for the options; config/application.properties lists every key.");
            }
            if (Boolean.getBoolean("barcast.stacktrace")) {
                ex.printStackTrace(cmd.getErr());
            }
            return usage ? EXIT_USAGE : EXIT_FAILURE;
        });
        return cl;
    }

    /** Exit code of a run that failed (broker unreachable, a series that failed, an I/O error). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a mistake on the command line or in the configuration, found before anything started. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    /** A configuration or command-line mistake (exit 2) rather than a failure at run time (exit 1). */
    static boolean isUsageError(Throwable ex) {
        return ex instanceof io.barcast.config.ConfigError || ex instanceof CommandLine.ParameterException
                || ex instanceof java.nio.file.NoSuchFileException || ex instanceof io.barcast.options.CsvInputs.InputException;
    }

    /** The one line the user sees: the message of Barcast's own errors; for others, what happened without internals. */
    static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"barcast " + (v == null ? "dev" : v)};
        }
    }
}
