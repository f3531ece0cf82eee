package dev.tally.systemtest.support;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the test classes of each shared stack together, {@link StackShape#DEFAULT}'s first, by name
 * within a shape: the run then starts each shared stack once, and stops one before it starts the
 * next ({@link SharedStacks}), so two stacks never share the 2 cores.
 */
public final class ClassesByStack implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor c) -> OnSharedStack.shapeOf(c.getTestClass()))
                .thenComparing(c -> c.getTestClass().getSimpleName()));
    }
}
