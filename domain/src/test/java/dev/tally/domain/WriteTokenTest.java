package dev.tally.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.wire.AppliedPosition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteTokenTest {

    @Test
    void aTokenSurvivesItsTextForm() {
        WriteToken main = WriteToken.of("hits", false, 3, 1042);
        WriteToken excess = WriteToken.of("hits", true, 5, 7);

        assertThat(WriteToken.parse(main.toString())).isEqualTo(main);
        assertThat(WriteToken.parse(excess.toString())).isEqualTo(excess);
        assertThat(main.toString()).startsWith("m-3-1042-");
        assertThat(excess.toString()).startsWith("x-5-7-");
    }

    @Test
    void aMainQueueWriteIsIncludedOnceTheKeysMainOffsetReachesIt() {
        WriteToken token = WriteToken.of("hits", false, 3, 1042);

        assertThat(token.isCoveredBy(new AppliedPosition(1041, Map.of()))).isFalse();
        assertThat(token.isCoveredBy(new AppliedPosition(1042, Map.of()))).isTrue();
        assertThat(token.isCoveredBy(new AppliedPosition(5000, Map.of()))).isTrue();
        assertThat(token.isCoveredBy(AppliedPosition.NONE)).isFalse();
    }

    @Test
    void anExcessWriteIsIncludedOnceItsExcessPartitionIsMergedThatFar() {
        WriteToken token = WriteToken.of("hits", true, 5, 7);

        assertThat(token.isCoveredBy(new AppliedPosition(9999, Map.of(4, 100L)))).isFalse();
        assertThat(token.isCoveredBy(new AppliedPosition(0, Map.of(5, 6L)))).isFalse();
        assertThat(token.isCoveredBy(new AppliedPosition(0, Map.of(5, 7L)))).isTrue();
    }

    @Test
    void aTokenOfAnotherCounterIsRecognised() {
        WriteToken token = WriteToken.of("hits", false, 3, 1042);

        assertThat(token.problemWith("hits")).isEmpty();
        assertThat(token.problemWith("misses")).get().asString().contains("another counter");
    }

    @Test
    void textThatIsNotATokenIsRefusedWithAnExample() {
        for (String bad : new String[] {null, "", "m-3-1042", "q-3-1042-00000000", "m-x-1-00000000", "m--1-1-00000000",
                "m-1-1-zz"}) {
            assertThatThrownBy(() -> WriteToken.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("token of a 202 answer");
        }
    }
}
