package dev.tally.compose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TallyCliTest {

    @Test
    void everySubcommandAnswersHelpWithItsOwnUsageAndStartsNothing() {
        for (String subcommand : new String[] {"up", "down", "status", "kill", "stop", "start", "logs", "quorum"}) {
            CommandLine cli = TallyCli.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out));

            int exit = cli.execute(subcommand, "--help");

            assertThat(exit).as(subcommand).isZero();
            assertThat(out.toString()).as(subcommand).startsWith("Usage: tally " + subcommand);
        }
    }
}
