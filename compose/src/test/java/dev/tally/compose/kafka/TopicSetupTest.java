package dev.tally.compose.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.Topics;
import org.junit.jupiter.api.Test;

class TopicSetupTest {

    @Test
    void theIncrementTopicsKeepEveryRecordAndDeadLettersAMonth() {
        for (String topic : new String[] {Topics.INCREMENTS, Topics.EXCESS}) {
            assertThat(TopicSetup.retention(topic)).as(topic)
                    .containsEntry("retention.ms", "-1")
                    .containsEntry("retention.bytes", "-1");
        }
        assertThat(TopicSetup.retention(Topics.DEAD_LETTERS)).containsEntry("retention.ms", Long.toString(30L * 24 * 3600 * 1000));
    }
}
