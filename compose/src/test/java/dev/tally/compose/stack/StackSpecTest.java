package dev.tally.compose.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.compose.hosts.Hosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSpecTest {

    @Test
    void theDefaultStackIsThreeBrokersSixPartitionsTwoProcessorsOnPort8000() {
        StackSpec spec = StackSpec.DEFAULT;
        assertThat(spec.bootstrapServers()).isEqualTo("127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094");
        assertThat(spec.processorUrls()).containsExactly("http://127.0.0.1:8101", "http://127.0.0.1:8102");
        assertThat(spec.apiUrl()).isEqualTo("http://localhost:8000");
        assertThat(spec.minInsyncReplicas()).isEqualTo(2);
    }

    @Test
    void impossibleShapesAreRefusedWithTheFlagToFix() {
        assertThatThrownBy(() -> new StackSpec(3, 4, 2, 6, 2, 1, 8000, 19090, 19190, 8100))
                .hasMessageContaining("--replication-factor");
        assertThatThrownBy(() -> new StackSpec(3, 3, 4, 6, 2, 1, 8000, 19090, 19190, 8100))
                .hasMessageContaining("--min-insync-replicas");
        assertThatThrownBy(() -> new StackSpec(3, 3, 2, 0, 2, 1, 8000, 19090, 19190, 8100))
                .hasMessageContaining("--partitions");
    }

    @Test
    void aShapeOnSeparateHostsLoadsBackOnTheSameNetwork(@TempDir Path dir) throws Exception {
        StackSpec spec = StackSpec.DEFAULT.withHosts(new Hosts(12));
        Path file = dir.resolve("stack.properties");
        spec.save(file);
        assertThat(Files.readString(file)).contains("hosts.network=12");
        assertThat(StackSpec.load(file)).isEqualTo(spec);
        assertThat(StackSpec.load(file).withProcessors(3).hosts()).isEqualTo(new Hosts(12));
    }

    @Test
    void aSavedShapeLoadsBackEqual(@TempDir Path dir) throws Exception {
        StackSpec spec = new StackSpec(7, 5, 3, 12, 4, 2, 8080, 29090, 29190, 18100);
        Path file = dir.resolve("stack.properties");
        spec.save(file);
        assertThat(Files.readString(file)).contains("replication.factor=5");
        assertThat(StackSpec.load(file)).isEqualTo(spec);
    }
}
