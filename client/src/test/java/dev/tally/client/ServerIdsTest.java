package dev.tally.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ServerIdsTest {

    private static JsonNode json(String text) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    }

    @Test
    void aWriteNamesItsPartitionAndLeaderBroker() throws Exception {
        assertThat(ServerIds.written(json("{\"key\":\"a\",\"queue\":\"main\",\"partition\":4,\"leader\":2}")))
                .isEqualTo("OK, partition 4 (leader broker 2)");
        assertThat(ServerIds.written(json("{\"key\":\"a\",\"queue\":\"excess\",\"partition\":3,\"leader\":null}")))
                .isEqualTo("OK, excess partition 3 (leader unknown)");
    }

    @Test
    void aReadNamesTheProcessorAndWhetherItAnsweredAsActiveOrStandby() throws Exception {
        assertThat(ServerIds.read(json("{\"key\":\"hits\",\"value\":42,\"instance\":\"processor-1\",\"role\":\"active\",\"lag\":0}")))
                .isEqualTo("hits, 42, processor-1 (active)");
        assertThat(ServerIds.read(json("{\"key\":\"hits\",\"value\":41,\"instance\":\"processor-2\",\"role\":\"standby\",\"lag\":3}")))
                .isEqualTo("hits, 41, processor-2 (standby, lag 3)");
        assertThat(ServerIds.read(json("{\"key\":\"hits\",\"value\":41,\"instance\":\"processor-2\",\"role\":\"standby\",\"lag\":null}")))
                .isEqualTo("hits, 41, processor-2 (standby, lag unknown)");
    }

    @Test
    void aDumpIsOneLinePerCounterThenTheCount() throws Exception {
        assertThat(ServerIds.dump(json("{\"counters\":{\"a\":1,\"b\":-7},\"count\":2}")))
                .containsExactly("a, 1", "b, -7", "2 counters");
        assertThat(ServerIds.dump(json("{\"counters\":{},\"count\":0}"))).containsExactly("0 counters");
    }
}
