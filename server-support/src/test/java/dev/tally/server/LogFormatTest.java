package dev.tally.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogFormatTest {

    private final PrintStream stdout = System.out;

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.clearProperty(LogFormat.VARIABLE);
    }

    @Test
    void onlyJsonSelectsTheJsonAppender() {
        assertThat(LogFormat.appenderFor("json")).isEqualTo("JSON");
        assertThat(LogFormat.appenderFor(" JSON ")).isEqualTo("JSON");
        assertThat(LogFormat.appenderFor(null)).isEqualTo("TEXT");
        assertThat(LogFormat.appenderFor("yaml")).isEqualTo("TEXT");
    }

    @Test
    void logFormatJsonWritesOneJsonObjectPerLine() throws Exception {
        List<String> lines = logTwoLinesWith("json");
        assertThat(lines).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("loggerName").asText()).isEqualTo("dev.tally.test");
        assertThat(first.get("formattedMessage").asText()).isEqualTo("api started on http://127.0.0.1:8000");
        assertThat(first.has("timestamp")).isTrue();
        assertThat(Json.MAPPER.readTree(lines.get(1)).get("level").asText()).isEqualTo("WARN");
    }

    @Test
    void withoutLogFormatTheLinesAreText() throws Exception {
        List<String> lines = logTwoLinesWith(null);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[main] dev\\.tally\\.test - api started on http://127\\.0\\.0\\.1:8000");
    }

    /** Configures logback from the services' logback.xml, as a process with LOG_FORMAT set would be. */
    private List<String> logTwoLinesWith(String format) throws Exception {
        if (format != null) {
            System.setProperty(LogFormat.VARIABLE, format);
        }
        // First, so that logback's own start-up messages are not among the captured lines.
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        var log = LoggerFactory.getLogger("dev.tally.test");
        log.info("api started on http://{}:{}", "127.0.0.1", 8000);
        log.warn("second line");
        context.stop();
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
