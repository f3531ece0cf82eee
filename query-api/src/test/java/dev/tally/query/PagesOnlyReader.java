package dev.tally.query;

import dev.tally.domain.wire.LocalCount;
import java.util.Map;

/** A reader that answers dump pages only: a streamed dump that asks for anything else fails the test. */
abstract class PagesOnlyReader implements CounterReader {

    @Override
    public LocalCount read(String key, ReadPolicy policy) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Long> dumpAll() {
        throw new AssertionError("a streamed dump must not ask for every counter at once");
    }
}
