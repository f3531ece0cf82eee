package dev.tally.compose.stack;

/** One process of the stack, e.g. broker-2; its name keys its pid file, log file and data directory. */
public record Instance(Component component, int id) {

    public Instance {
        if (id < 1) {
            throw new IllegalArgumentException(component.label() + " ids start at 1, got " + id);
        }
    }

    public String name() {
        return component.label() + "-" + id;
    }

    @Override
    public String toString() {
        return name();
    }
}
