package dev.tally.compose.cli;

import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import picocli.CommandLine.Parameters;

/** The COMPONENT ID pair that kill, stop, start and logs take. */
final class InstanceArgs {

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "broker, processor or api")
    String component;

    @Parameters(index = "1", paramLabel = "ID", description = "instance number, from 1")
    int id;

    Instance instance() {
        return new Instance(Component.parse(component), id);
    }
}
