package io.barcast.cli;

import io.barcast.bench.BenchCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar barcast.jar <command>}. */
@Command(name = "barcast", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Next-day close predictions from continuously retrained LSTM models over a Kafka stream of daily bars.",
        subcommands = {LocalCommand.class, RunCommand.class, ReplayCommand.class, BacktestCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
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
            cmd.getErr().println(cmd.getColorScheme().errorText("barcast: " + ex.getMessage()));
            if (Boolean.getBoolean("barcast.stacktrace")) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
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
