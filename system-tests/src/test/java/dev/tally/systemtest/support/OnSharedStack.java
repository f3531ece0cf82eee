package dev.tally.systemtest.support;

import dev.tally.domain.Partitions;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class on a shared stack: {@link StackShape#DEFAULT}'s, or the one its {@link RunsOn} names.
 * Each test starts on a settled stack, writes keys of its own ({@link #key}) and puts back whatever it
 * kills or reconfigures, so that any test can run alone or in any order.
 */
@ExtendWith(SharedStacks.class)
public abstract class OnSharedStack {

    protected static TestStack stack;
    private String prefix;

    @BeforeAll
    static void joinTheSharedStack(SharedStacks.Registry stacks, TestInfo testClass) throws Exception {
        stack = stacks.get(shapeOf(testClass.getTestClass().orElseThrow()));
    }

    /** The shape a test class runs on. */
    static StackShape shapeOf(Class<?> testClass) {
        RunsOn runsOn = testClass.getAnnotation(RunsOn.class);
        return runsOn == null ? StackShape.DEFAULT : runsOn.value();
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

    /** A key of this test's own ({@code name} and a number) that lives on the given partition of the main queue. */
    protected String keyOnPartition(String name, int partition) {
        int partitions = stack.spec().partitions();
        for (int i = 0; ; i++) {
            String candidate = key(name + i);
            if (Partitions.forKey(candidate, partitions) == partition) {
                return candidate;
            }
        }
    }
}
