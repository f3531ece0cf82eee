package dev.tally.systemtest;

import dev.tally.systemtest.support.RunsOn;
import dev.tally.systemtest.support.StackShape;

/**
 * The partition tests with every process on its own address, cut off where a cable would be pulled
 * (its namespace's cable taken off the bridge) instead of at a proxy.
 */
@RunsOn(StackShape.SEPARATE_HOSTS)
class NetFaultOnSeparateHostsIT extends NetFaultIT {
}
