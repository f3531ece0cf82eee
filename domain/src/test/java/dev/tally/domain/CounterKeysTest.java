package dev.tally.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterKeysTest {

    @Test
    void ordinaryKeysAreAccepted() {
        assertThat(CounterKeys.problemWith("foo")).isEmpty();
        assertThat(CounterKeys.problemWith("user:42/clicks")).isEmpty();
        assertThat(CounterKeys.problemWith("zählér-✓")).isEmpty();
    }

    @Test
    void emptyKeysAreRejected() {
        assertThat(CounterKeys.problemWith("")).contains("the key is empty");
        assertThat(CounterKeys.problemWith(null)).contains("the key is empty");
    }

    @Test
    void keysOfOnlyWhitespaceAreRejected() {
        assertThat(CounterKeys.problemWith(" ")).contains("the key is only whitespace");
        assertThat(CounterKeys.problemWith(" \u2003 ")).contains("the key is only whitespace");
        assertThat(CounterKeys.problemWith(" padded ")).isEmpty();
    }

    @Test
    void theLimitIsCountedInUtf8BytesNotCharacters() {
        assertThat(CounterKeys.problemWith("a".repeat(256))).isEmpty();
        assertThat(CounterKeys.problemWith("a".repeat(257))).hasValueSatisfying(p -> assertThat(p).contains("257"));
        // 'ä' is two bytes: 129 of them are 258 bytes although only 129 characters.
        assertThat(CounterKeys.problemWith("ä".repeat(129))).hasValueSatisfying(p -> assertThat(p).contains("258"));
    }

    @Test
    void controlCharactersAreRejected() {
        assertThat(CounterKeys.problemWith("a\nb")).contains("the key contains a control character");
        assertThat(CounterKeys.problemWith("tab\there")).isPresent();
        assertThat(CounterKeys.problemWith("nul\u0000")).isPresent();
    }
}
