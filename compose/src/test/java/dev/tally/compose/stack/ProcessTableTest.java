package dev.tally.compose.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTableTest {

    @Test
    void aStartedProcessIsFoundByItsPidFileAndStoppedWithItsGroup(@TempDir Path dir) {
        ProcessTable table = new ProcessTable(new StackHome(dir));
        Instance api = new Instance(Component.API, 1);
        // The marker makes the process recognisably ours; `sleep` ignores the extra argument's meaning.
        table.start(api, List.of("/bin/sh", "-c", "sleep 60; true", table.marker(api)), Map.of());

        assertThat(table.find(api)).isPresent();
        assertThat(table.recorded()).containsExactly(api);
        assertThat(table.stopAll(List.of(api), Duration.ofSeconds(5))).isEmpty();
        assertThat(table.find(api)).isEmpty();
    }

    @Test
    void everyKindOfProcessIsRecordedControllersFirstSoDownFindsThemAll(@TempDir Path dir) throws Exception {
        StackHome home = new StackHome(dir);
        Files.createDirectories(home.pidFile(new Instance(Component.API, 1)).getParent());
        for (String name : List.of("api-1", "processor-2", "broker-1", "controller-3", "controller-1", "notes")) {
            Files.writeString(home.root().resolve("run").resolve(name + ".pid"), "1");
        }

        assertThat(new ProcessTable(home).recorded()).extracting(Instance::name)
                .containsExactly("controller-1", "controller-3", "broker-1", "processor-2", "api-1");
    }

    @Test
    void aPidFileNamingSomeoneElsesProcessIsNotOurs(@TempDir Path dir) throws Exception {
        StackHome home = new StackHome(dir);
        Instance broker = new Instance(Component.BROKER, 1);
        Files.createDirectories(home.pidFile(broker).getParent());
        // This test JVM is alive but carries no marker: a recycled pid must never be signalled.
        Files.writeString(home.pidFile(broker), Long.toString(ProcessHandle.current().pid()));

        assertThat(new ProcessTable(home).find(broker)).isEmpty();
        assertThat(new ProcessTable(home).kill(broker)).isEmpty();
    }

    @Test
    void killEndsTheProcessAtOnce(@TempDir Path dir) {
        ProcessTable table = new ProcessTable(new StackHome(dir));
        Instance processor = new Instance(Component.PROCESSOR, 2);
        // A process that ignores SIGTERM still dies of SIGKILL.
        ProcessHandle started = table.start(processor,
                List.of("/bin/sh", "-c", "trap '' TERM; sleep 60; true", table.marker(processor)), Map.of());

        assertThat(table.kill(processor)).contains(started.pid());
        assertThat(started.isAlive()).isFalse();
    }
}
