package dev.tally.systemtest.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives test classes the stacks they run on: one {@link TestStack} per {@link StackShape} for the
 * whole test run, started by the first class that asks for it and stopped when the run ends. A test
 * class takes a {@link Registry} in its {@code @BeforeAll} method and asks it for its shape there, so
 * the start is covered by that method's timeout. A failed test keeps the homes of the stacks for a look.
 */
public final class SharedStacks implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStacks.class);

    /** The stacks of this test run, by shape. */
    public static final class Registry implements AutoCloseable {
        private final java.util.Map<StackShape, TestStack> stacks = new java.util.EnumMap<>(StackShape.class);

        /**
         * The running stack of this shape, started now if no test asked for it before. A stack of
         * another shape is stopped first: two stacks' dozen JVMs on the 2 cores would slow both
         * ({@link ClassesByStack} runs each shape's classes together, so each starts once).
         */
        public synchronized TestStack get(StackShape shape) throws Exception {
            TestStack stack = stacks.get(shape);
            if (stack == null) {
                for (TestStack other : stacks.values()) {
                    other.close();
                }
                stacks.clear();
                stack = TestStack.start(shape);
                stacks.put(shape, stack);
            }
            return stack;
        }

        synchronized void markFailed() {
            stacks.values().forEach(TestStack::markFailed);
        }

        @Override
        public synchronized void close() throws Exception {
            for (TestStack stack : stacks.values()) {
                stack.close();
            }
            stacks.clear();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Registry.class;
    }

    @Override
    public Registry resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return registry(context);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        registry(context).markFailed();
    }

    private static Registry registry(ExtensionContext context) {
        // The root store lives as long as the test run; JUnit closes it (and so every stack) at the end.
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Registry.class, type -> new Registry(), Registry.class);
    }
}
