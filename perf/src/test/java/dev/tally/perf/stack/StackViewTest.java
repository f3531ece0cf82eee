package dev.tally.perf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StackViewTest {

    /** The parts of a real GET /status that the view reads (3 brokers, RF 3, min ISR 2, 2 of 6 partitions shown). */
    private static final String STATUS = """
            {"answeredBy":1,"brokers":[{"id":1,"up":true},{"id":2,"up":true},{"id":3,"up":false}],
             "queues":[
               {"queue":"main","topic":"tally-increments","partitions":{
                  "0":{"backlog":0,"leader":1,"replicas":[1,2,3],"isr":[1,2],"minInsyncReplicas":2},
                  "1":{"backlog":0,"leader":2,"replicas":[2,3,1],"isr":[2,1],"minInsyncReplicas":2}}},
               {"queue":"excess","topic":"tally-excess","partitions":{
                  "0":{"backlog":0,"leader":1,"replicas":[1],"isr":[1],"minInsyncReplicas":1}}}],
             "processors":[{"endpoint":"127.0.0.1:8101","active":[0],"standby":[1]},
                           {"endpoint":"127.0.0.1:8102","active":[1],"standby":[0]}]}
            """;

    @Test
    void theShapeIsTheMainQueuesAsTheApiReportsIt() throws Exception {
        StackView view = StackView.parse(Json.MAPPER.readTree(STATUS));

        assertThat(view.replicationFactor()).isEqualTo(3);
        assertThat(view.writeQuorum()).isEqualTo(2);
        assertThat(view.partitions()).isEqualTo(2);
        assertThat(view.brokers()).isEqualTo(3);
        assertThat(view.processorUrls()).containsExactly("http://127.0.0.1:8101", "http://127.0.0.1:8102");
    }

    @Test
    void aStatusWithoutTheMainQueueIsAnError() {
        assertThatThrownBy(() -> StackView.parse(Json.MAPPER.readTree("{\"queues\":[]}")))
                .hasMessageContaining("main queue");
    }

    @Test
    void aProcessEnvironmentIsReadAsSettings() {
        byte[] environ = "TASK_ASSIGNOR=sticky\0PATH=/usr/bin:/bin\0EMPTY=\0odd\0".getBytes(StandardCharsets.UTF_8);

        assertThat(ProcessSettings.parse(environ))
                .containsOnly(java.util.Map.entry("TASK_ASSIGNOR", "sticky"), java.util.Map.entry("PATH", "/usr/bin:/bin"),
                        java.util.Map.entry("EMPTY", ""));
    }
}
