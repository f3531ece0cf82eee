package dev.tally.compose.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.compose.hosts.Hosts;
import dev.tally.compose.net.NetSetup;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UpCommandTest {

    private static StackSpec resolve(StackSpec saved, String... args) {
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs(args);
        return up.resolve(saved);
    }

    @Test
    void withoutFlagsTheSavedShapeIsKept() {
        StackSpec saved = new StackSpec(5, 3, 3, 12, 3, 1, 8080, 19090, 19190, 8100);
        assertThat(resolve(saved)).isEqualTo(saved);
    }

    @Test
    void aStackOnSeparateHostsStaysOnItsNetworkWhateverTheFlags() {
        StackSpec saved = StackSpec.DEFAULT.withHosts(new Hosts(9));
        assertThat(resolve(saved, "--processors", "3").hosts()).isEqualTo(new Hosts(9));
    }

    @Test
    void faultProxiesOnLoopbackDoNotGoWithSeparateHosts(@TempDir Path home) {
        assertThatThrownBy(() -> NetSetup.enable(new StackHome(home), StackSpec.DEFAULT.withHosts(new Hosts(9))))
                .hasMessageContaining("does not go with --hosts");
    }

    @Test
    void flagsOverrideTheShape() {
        StackSpec spec = resolve(StackSpec.DEFAULT, "--brokers", "7", "--replication-factor", "5",
                "--partitions", "12", "--processors", "3", "--standbys", "2", "--port", "9000");
        assertThat(spec).isEqualTo(new StackSpec(7, 5, 2, 12, 3, 2, 9000, 9091, 19190, 8100));
    }

    @Test
    void aReplicationFactorOfOneBringsTheWriteQuorumDownWithIt() {
        assertThat(resolve(StackSpec.DEFAULT, "--replication-factor", "1").minInsyncReplicas()).isEqualTo(1);
        assertThat(resolve(StackSpec.DEFAULT, "--replication-factor", "3", "--min-insync-replicas", "3")
                .minInsyncReplicas()).isEqualTo(3);
    }
}
