package dev.tally.systemtest.support;

import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class on the shared {@link StackShape#DEFAULT} stack. Each test starts on a settled stack,
 * writes keys of its own ({@link #key}) and puts back whatever it kills or reconfigures, so that any
 * test can run alone or in any order.
 */
@ExtendWith(SharedStacks.class)
public abstract class OnDefaultStack {

    protected static TestStack stack;
    private String prefix;

    @BeforeAll
    static void joinTheSharedStack(SharedStacks.Registry stacks) throws Exception {
        stack = stacks.get(StackShape.DEFAULT);
    }

    @BeforeEach
    void startOnASettledStack(TestInfo test) throws Exception {
        stack.awaitSettled();
        prefix = test.getTestMethod().map(m -> m.getName()).orElse("test") + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A key no other test (or earlier run of this one) writes. */
    protected String key(String name) {
        return prefix + "-" + name;
    }
}
