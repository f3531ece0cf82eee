package dev.tally.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiReplicasTest {

    @Test
    void aSiblingThatAnswersHealthIsUpAndOneThatDoesNotIsDown() {
        Javalin sibling = Javalin.create(config -> config.routes.get("/health", ctx -> ctx.json(Map.of("status", "api up"))))
                .start("127.0.0.1", 0);
        try {
            String up = "http://127.0.0.1:" + sibling.port();
            String down = "http://127.0.0.1:1"; // nothing listens on port 1
            ApiReplicas replicas = new ApiReplicas(2, List.of(up, "http://127.0.0.1:9", down));

            assertThat(replicas.probe()).containsExactly(
                    new ApiReplicas.Replica(1, up, true),
                    new ApiReplicas.Replica(2, "http://127.0.0.1:9", true), // itself: answering this very request
                    new ApiReplicas.Replica(3, down, false));
        } finally {
            sibling.stop();
        }
    }

    @Test
    void aLoneApiListsNoReplicas() {
        assertThat(ApiReplicas.alone().probe()).isEmpty();
    }
}
