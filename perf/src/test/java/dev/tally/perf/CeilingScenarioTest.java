package dev.tally.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CeilingScenarioTest {

    private final CeilingScenario scenario = new CeilingScenario(new ApiClient("http://unused"), "r1", 1, 3);

    @Test
    void aBatchIsNdjsonOfItsSliceOfTheKeyCycle() {
        assertThat(scenario.batchBody("batch", 1, 2)).isEqualTo("{\"key\":\"batch-r1-2\",\"by\":1}\n{\"key\":\"batch-r1-0\",\"by\":1}\n");
    }

    @Test
    void acceptedBatchesExpandIntoTheIncrementsTheyCarried() {
        ClientRecord record = new ClientRecord();
        record.accepted("0", 10, false);
        record.accepted("1", 10, false);
        LoadResult batches = LoadResult.of("(d)", List.of(record), 1_000_000, 0);

        // Batches 0 and 1 of 2 items: keys 0, 1, 2, 0.
        assertThat(scenario.expectedOfBatches(batches, 2))
                .isEqualTo(Map.of("batch-r1-0", 2L, "batch-r1-1", 1L, "batch-r1-2", 1L));
    }

    @Test
    void theRecordSizeIsKeyAndValueBytes() {
        assertThat(scenario.recordSize()).isEqualTo("batch-r1-0".length() + 1);
    }
}
