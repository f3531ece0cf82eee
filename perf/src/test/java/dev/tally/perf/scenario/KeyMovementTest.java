package dev.tally.perf.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeyMovementTest {

    private static final List<String> KEYS = IntStream.range(0, 10_000).mapToObj(i -> "key-" + i).toList();

    @Test
    void moduloMovesAboutThreeQuartersOfTheKeysFromThreeNodesToFour() {
        // A key stays only where hash mod 3 == hash mod 4: one key in four.
        assertThat(KeyMovement.shareMoved(KEYS, KeyMovement.modulo(3), KeyMovement.modulo(4))).isCloseTo(0.75, within(0.02));
    }

    @Test
    void consistentHashingMovesAboutAQuarterFromThreeNodesToFour() {
        assertThat(KeyMovement.shareMoved(KEYS, KeyMovement.consistentHashing(3), KeyMovement.consistentHashing(4)))
                .isCloseTo(0.25, within(0.05));
    }

    @Test
    void aKeyThatMovesUnderConsistentHashingMovesToTheNewNode() {
        Function<String, String> before = KeyMovement.consistentHashing(3);
        Function<String, String> after = KeyMovement.consistentHashing(4);
        assertThat(KEYS).filteredOn(key -> !before.apply(key).equals(after.apply(key)))
                .isNotEmpty()
                .allSatisfy(key -> assertThat(after.apply(key)).isEqualTo("node-3"));
    }

    @Test
    void theSamePlacementMovesNothing() {
        assertThat(KeyMovement.shareMoved(KEYS, KeyMovement.modulo(3), KeyMovement.modulo(3))).isZero();
    }
}
