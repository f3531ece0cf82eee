package dev.tally.compose.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupWatchTest {

    private static final Instance BROKER_1 = new Instance(Component.BROKER, 1);
    private static final Instance BROKER_2 = new Instance(Component.BROKER, 2);

    @TempDir
    Path dir;

    private ProcessTable table;
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final List<Instance> startedAgain = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        table.stopAll(List.of(BROKER_1, BROKER_2), Duration.ofSeconds(5));
    }

    @Test
    void aProcessFoundRunningThatDiesDuringTheWaitIsStartedAgainOnce() {
        ProcessGroups groups = groups();
        sleepForAMinute(BROKER_1);
        sleepForAMinute(BROKER_2);
        StartupWatch watch = groups.watch("kafka", List.of(BROKER_1, BROKER_2), List.of(), this::startAgain);

        watch.run();
        assertThat(startedAgain).isEmpty();

        table.kill(BROKER_2);
        watch.run();
        watch.run();

        assertThat(startedAgain).containsExactly(BROKER_2);
        assertThat(table.find(BROKER_2)).isPresent();
        assertThat(said.toString(StandardCharsets.UTF_8))
                .contains("broker-2 stopped after this start found it running; starting again");
    }

    @Test
    void aProcessThisStartLaunchedThatExitsFailsTheStartWithTheEndOfItsLog() throws Exception {
        ProcessGroups groups = groups();
        sleepForAMinute(BROKER_1);
        ProcessHandle failing = table.start(BROKER_2,
                List.of("/bin/sh", "-c", "echo no room on the disk; exit 3", table.marker(BROKER_2)), Map.of());
        StartupWatch watch = groups.watch("kafka", List.of(BROKER_1, BROKER_2), List.of(BROKER_2), this::startAgain);

        failing.onExit().get(10, TimeUnit.SECONDS);

        assertThatThrownBy(watch::run).isInstanceOf(StackException.class)
                .hasMessageContaining("broker-2 exited during start-up")
                .hasMessageContaining("no room on the disk");
        assertThat(startedAgain).isEmpty();
    }

    private ProcessGroups groups() {
        StackHome home = new StackHome(dir);
        table = new ProcessTable(home);
        return new ProcessGroups(home, table, new PrintStream(said, true, StandardCharsets.UTF_8));
    }

    private void startAgain(List<Instance> gone) {
        startedAgain.addAll(gone);
        gone.forEach(this::sleepForAMinute);
    }

    private void sleepForAMinute(Instance instance) {
        // The marker makes the process recognisably ours; `sleep` ignores the extra argument.
        table.start(instance, List.of("/bin/sh", "-c", "sleep 60; true", table.marker(instance)), Map.of());
    }
}
