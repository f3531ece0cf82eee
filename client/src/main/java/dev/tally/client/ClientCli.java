package dev.tally.client;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/tally incr|get|reset|dump}: a command-line client of the API's base URL(s) that fails over between API replicas. */
@Command(name = "tally", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        description = "A client of a tally stack's API.",
        subcommands = {IncrCommand.class, GetCommand.class, ResetCommand.class, DumpCommand.class, WindowsCommand.class, TopCommand.class})
public final class ClientCli implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Failures become one line on stderr and their exit status: 2 the request was refused, 1 nothing could answer. */
    static CommandLine commandLine() {
        return new CommandLine(new ClientCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ClientFailure failure) {
                cmd.getErr().println("tally: " + failure.getMessage());
                return failure.exitCode();
            }
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("tally: " + e.getMessage());
                return ClientFailure.REFUSED;
            }
            throw e;
        });
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
