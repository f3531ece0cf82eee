package dev.tally.systemtest.support;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the test classes of each shared stack together, {@link StackShape#DEFAULT}'s first: the run
 * then starts each shared stack once, and stops one before it starts the next ({@link SharedStacks}),
 * so two stacks never share the 2 cores. Within a shape the classes keep the order they were found in
 * (the sort is stable), the order the suite has always run in.
 */
public final class ClassesByStack implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor c) -> OnSharedStack.shapeOf(c.getTestClass())));
    }
}
