package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.compose.stack.HealthCheck;
import dev.tally.systemtest.support.OnSharedStack;
import dev.tally.systemtest.support.TestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What an operator scrapes and probes on a real stack, and Kafka's tools without --bootstrap-server. */
class OperabilityIT extends OnSharedStack {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyProcessIsReadyAndExportsKafkasMetersAndTallys() throws Exception {
        String key = key("scraped");
        stack.client().increment(key);
        String api = "http://127.0.0.1:" + stack.spec().apiAdminPort(1);
        assertThat(HealthCheck.get(api + "/health/ready").ok()).isTrue();
        assertThat(HealthCheck.get(api + "/health/live").ok()).isTrue();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(get(api + "/metrics"))
                .contains("tally_queue_backlog{component=\"api\",partition=\"0\",queue=\"main\"}")
                .contains("tally_requests_seconds_count{component=\"api\",level=\"STRONG\",operation=\"WRITE\"}")
                .contains("kafka_producer_record_send_total")
                .contains("kafka_admin_client_")
                .contains("http_server_requests_seconds_bucket"));

        String processor = stack.processorUrl(TestStack.processor(1));
        assertThat(HealthCheck.get(processor + "/health/ready").ok()).isTrue();
        assertThat(HealthCheck.get(processor + "/health/live").ok()).isTrue();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(get(processor + "/metrics"))
                .contains("tally_processor_applied_total")
                .contains("tally_processor_store_lag{")
                .contains("kafka_stream_"));
    }

    @Test
    void kafkasToolsFindTheStackWithoutABootstrapFlag() throws Exception {
        Path script = Path.of("..", "bin", "kafka-topics.sh").toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "--list").redirectErrorStream(true);
        builder.environment().put("TALLY_HOME", stack.home().toString());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("tally-increments").contains("tally-excess");
        assertThat(process.exitValue()).isZero();
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
