package dev.tally.systemtest;

import dev.tally.systemtest.support.RunsOn;
import dev.tally.systemtest.support.StackShape;

/**
 * The kill tests with every process on its own address, as on separate hosts: a broker, two brokers,
 * a processor and the whole stack killed, each process reached only at the address it advertises.
 */
@RunsOn(StackShape.SEPARATE_HOSTS)
class FaultToleranceOnSeparateHostsIT extends FaultToleranceIT {
}
