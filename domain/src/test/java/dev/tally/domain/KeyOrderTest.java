package dev.tally.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    @Test
    void keysAreOrderedByCodePointLikeTheirUtf8Bytes() {
        // U+FF5E sorts after U+1F600 as UTF-16 units but before it as code points (and UTF-8 bytes).
        assertThat(KeyOrder.CODE_POINTS.compare("\uFF5E", "\uD83D\uDE00")).isNegative();
        assertThat(KeyOrder.CODE_POINTS.compare("a", "ab")).isNegative();
        assertThat(KeyOrder.CODE_POINTS.compare("b", "ab")).isPositive();
    }

    @Test
    void aPageIsTheFirstKeysAfterTheCursor() {
        Map<String, Long> counts = Map.of("a", 1L, "b", 2L, "c", 3L, "d", 4L);
        assertThat(KeyOrder.page(counts, null, 2)).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
        assertThat(KeyOrder.page(counts, "b", 2)).containsExactly(Map.entry("c", 3L), Map.entry("d", 4L));
        assertThat(KeyOrder.page(counts, "bb", 5)).containsOnlyKeys("c", "d");
        assertThat(KeyOrder.page(counts, "d", 5)).isEmpty();
    }
}
