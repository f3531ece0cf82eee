package dev.tally.processor.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopKeysSketchTest {

    @Test
    void theBusiestKeysComeFirstTiesByKey() {
        TopKeysSketch sketch = new TopKeysSketch();
        sketch.add("b", 2);
        sketch.add("a", 2);
        sketch.add("c", 5);
        sketch.add("d", 1);

        assertThat(sketch.top(3)).containsExactly(Map.entry("c", 5L), Map.entry("a", 2L), Map.entry("b", 2L));
        assertThat(sketch.floor()).isZero();
    }

    @Test
    void pastTwiceItsCapacityItKeepsTheBusiestAndRemembersWhatItForgot() {
        TopKeysSketch sketch = new TopKeysSketch();
        for (int i = 0; i < TopKeysSketch.CAPACITY; i++) {
            sketch.add("busy-" + i, 100 + i);
        }
        for (int i = 0; i <= TopKeysSketch.CAPACITY; i++) {
            sketch.add("cold-" + i, 1 + i % 7);
        }

        assertThat(sketch.top(5000)).hasSize(TopKeysSketch.CAPACITY).allMatch(entry -> entry.getKey().startsWith("busy-"));
        assertThat(sketch.floor()).isEqualTo(7);
        assertThat(sketch.top(1)).containsExactly(Map.entry("busy-999", 1099L));
    }

    @Test
    void whenTheLastPlacesAreTiedItStillKeepsExactlyItsCapacityAndTheBusierKeys() {
        TopKeysSketch sketch = new TopKeysSketch();
        sketch.add("busy", 2);
        for (int i = 0; i < 2 * TopKeysSketch.CAPACITY; i++) {
            sketch.add("once-" + i, 1);
        }

        assertThat(sketch.top(5000)).hasSize(TopKeysSketch.CAPACITY);
        assertThat(sketch.top(1)).containsExactly(Map.entry("busy", 2L));
        assertThat(sketch.floor()).isEqualTo(1);
    }

    @Test
    void itSurvivesItsTextForm() {
        TopKeysSketch sketch = new TopKeysSketch();
        sketch.add("page views", 3);
        sketch.add("ünïcode/key", 9);

        TopKeysSketch copy = TopKeysSketch.decode(sketch.encode());
        assertThat(copy.top(10)).isEqualTo(sketch.top(10));
        assertThat(copy.floor()).isEqualTo(sketch.floor());
    }
}
