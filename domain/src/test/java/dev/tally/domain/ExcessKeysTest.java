package dev.tally.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExcessKeysTest {

    @Test
    void aSaltedKeyGivesBackItsCounterKey() {
        assertThat(ExcessKeys.salted("hotkey", 3)).isEqualTo("hotkey#3");
        assertThat(ExcessKeys.counterKeyOf("hotkey#3")).isEqualTo("hotkey");
    }

    @Test
    void counterKeysContainingTheSeparatorRoundTrip() {
        assertThat(ExcessKeys.counterKeyOf(ExcessKeys.salted("a#b#", 11))).isEqualTo("a#b#");
    }

    @Test
    void keysWithoutASaltAreRefused() {
        for (String bad : new String[] {"hotkey", "hotkey#", "#3", "hotkey#x", ""}) {
            assertThatThrownBy(() -> ExcessKeys.counterKeyOf(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ExcessKeys.counterKeyOf(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
