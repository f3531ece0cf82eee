package dev.tally.systemtest;

import dev.tally.systemtest.support.RunsOn;
import dev.tally.systemtest.support.StackShape;

/** {@code bin/tally perf chaos} with every process on its own address, as on separate hosts. */
@RunsOn(StackShape.SEPARATE_HOSTS)
class ChaosOnSeparateHostsIT extends ChaosIT {
}
