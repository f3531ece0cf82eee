package dev.tally.compose.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/kafka-*.sh find the running stack's brokers from the stack.properties that `up` saves. */
class KafkaToolBootstrapTest {

    private static final Path SCRIPT = Path.of("..", "bin", "lib", "bootstrap.sh").toAbsolutePath().normalize();

    @TempDir
    Path home;

    @Test
    void theBrokersOfTheSavedStackAreTheDefaultBootstrap() throws Exception {
        StackSpec.DEFAULT.withPorts(8000, 19090, 19190, 8100).save(new StackHome(home).spec());
        assertThat(run("tally_bootstrap_servers")).isEqualTo("localhost:19091,localhost:19092,localhost:19093");
    }

    @Test
    void theBrokersOfAStackOnSeparateHostsAreAtTheirOwnAddresses() throws Exception {
        StackSpec.DEFAULT.withPorts(8000, 19090, 19190, 8100).withHosts(new dev.tally.compose.hosts.Hosts(3)).save(new StackHome(home).spec());
        assertThat(run("tally_bootstrap_servers")).isEqualTo("10.77.3.21:19091,10.77.3.22:19092,10.77.3.23:19093");
    }

    @Test
    void withoutAStackItIsKafkasQuickstartAddress() throws Exception {
        assertThat(run("tally_bootstrap_servers")).isEqualTo("localhost:9092");
    }

    @Test
    void aBootstrapFlagOfTheUsersOwnIsLeftAlone() throws Exception {
        assertThat(run("tally_has_bootstrap_flag --list && echo given || echo added")).isEqualTo("added");
        assertThat(run("tally_has_bootstrap_flag --list --bootstrap-server h:1 && echo given || echo added")).isEqualTo("given");
        assertThat(run("tally_has_bootstrap_flag --bootstrap-controller=h:1 && echo given || echo added")).isEqualTo("given");
    }

    private String run(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source '" + SCRIPT + "'; " + command).redirectErrorStream(true);
        builder.environment().put("TALLY_HOME", home.toString());
        builder.environment().put("TALLY_ROOT", "/nonexistent");
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
