package dev.tally.compose.cli;

import dev.tally.compose.stack.Classpaths;
import dev.tally.compose.stack.Stack;
import dev.tally.compose.stack.StackException;
import dev.tally.compose.stack.StackHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/tally}: runs a tally stack on this machine without Docker. */
// INHERIT: every subcommand takes --help (and --version) too, e.g. `bin/tally up --help`.
@Command(name = "tally", mixinStandardHelpOptions = true, version = "tally 0.1.0", scope = CommandLine.ScopeType.INHERIT,
        description = "Runs a tally stack (Kafka brokers, stream processors, API) on this machine.%n"
                + "State lives in ./.tally (TALLY_HOME to move it).",
        footer = {"%nAlso: bin/tally incr|get|dump KEY (the client; --help for its options) and bin/tally perf SCENARIO (benchmarks)."},
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, KillCommand.class,
                StopCommand.class, StartCommand.class, LogsCommand.class, QuorumCommand.class, NetCommand.class})
public final class TallyCli implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new TallyCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof StackException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                        cmd.getErr().println("tally: " + e.getMessage());
                        return 1;
                    }
                    throw e;
                });
    }

    static Stack stack() {
        String jvmOptions = System.getenv().getOrDefault("TALLY_JVM_OPTS", "").strip();
        return new Stack(StackHome.fromEnvironment(), Classpaths.fromBuild(Classpaths.projectRoot()), System.out)
                .withJvmOptions(jvmOptions.isEmpty() ? java.util.List.of() : java.util.List.of(jvmOptions.split("\\s+")));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
