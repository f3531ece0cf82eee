package dev.tally.compose.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    private final Services services = new Services(StackSpec.DEFAULT, new StackHome(Path.of("/tmp/unused")), null, null,
            Map.of(), List.of());

    @Test
    void eachServiceIsScrapedOnItsOwnPort() {
        assertThat(services.metricsUrl(new Instance(Component.PROCESSOR, 2)))
                .isEqualTo("http://127.0.0.1:" + StackSpec.DEFAULT.processorPort(2) + "/metrics");
        assertThat(services.metricsUrl(new Instance(Component.API, 1)))
                .isEqualTo("http://127.0.0.1:" + StackSpec.DEFAULT.apiAdminPort(1) + "/metrics");
    }

    @Test
    void theLauncherWaitsForEachServiceReadinessProbe() {
        assertThat(services.healthUrl(new Instance(Component.PROCESSOR, 2)))
                .isEqualTo("http://127.0.0.1:" + StackSpec.DEFAULT.processorPort(2) + "/health/ready");
        assertThat(services.healthUrl(new Instance(Component.API, 1)))
                .isEqualTo("http://127.0.0.1:" + StackSpec.DEFAULT.apiAdminPort(1) + "/health/ready");
    }

    @Test
    void theTableShowsEachProcessMetricsUrl() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Instance processor = new Instance(Component.PROCESSOR, 1);
        StatusTable.print(List.of(
                new StatusRow(new Instance(Component.BROKER, 1), 42L, 19091, true, "", null),
                new StatusRow(processor, 43L, 8101, true, "healthy", services.metricsUrl(processor))), new PrintStream(bytes, true));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(lines.get(0)).contains("METRICS");
        assertThat(lines.get(1)).matches("broker\\s+1\\s+42\\s+19091\\s+up\\s+-\\s*");
        assertThat(lines.get(2)).matches("processor\\s+1\\s+43\\s+8101\\s+up\\s+" + java.util.regex.Pattern.quote(services.metricsUrl(processor)) + "\\s+healthy");
    }
}
