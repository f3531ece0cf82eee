package dev.tally.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    private final Env env = new Env(Map.of("WORKER_COUNT", "4", "BAD", "four", "BIG", "1000", "URLS", " a, ,b ", "BLANK", " "));

    @Test
    void presentValuesAreParsedAndMissingOnesTakeTheDefault() {
        assertThat(env.integer("WORKER_COUNT", 1, 1, 64)).isEqualTo(4);
        assertThat(env.integer("MAX_QUEUE_SIZE", 100, 1, 1_000_000)).isEqualTo(100);
        assertThat(env.string("BLANK", "fallback")).isEqualTo("fallback");
        assertThat(env.list("URLS", "")).containsExactly("a", "b");
    }

    @Test
    void wrongValuesNameTheVariable() {
        assertThatThrownBy(() -> env.integer("BAD", 1, 1, 64)).hasMessage("BAD must be a whole number, got \"four\"");
        assertThatThrownBy(() -> env.integer("BIG", 1, 1, 64)).hasMessage("BIG must be between 1 and 64, got 1000");
    }
}
