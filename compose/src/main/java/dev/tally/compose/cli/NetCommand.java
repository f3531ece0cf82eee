package dev.tally.compose.cli;

import dev.tally.compose.net.Faults;
import dev.tally.compose.net.NetworkFaults;
import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Stack;
import dev.tally.compose.stack.StackSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code bin/tally net}: network faults on a stack started with {@code up --net-faults} (or cuts on one started with {@code up --hosts}). */
@Command(name = "net", description = "Delay or cut one process's traffic (a stack started with `up --net-faults`; partitions also with `up --hosts`).",
        subcommands = {NetCommand.Lag.class, NetCommand.Partition.class, NetCommand.Heal.class, NetCommand.Status.class})
final class NetCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    static NetworkFaults client() {
        Stack stack = TallyCli.stack();
        StackSpec spec = stack.savedSpec().orElseThrow(() -> new IllegalStateException(
                "no stack in " + stack.home().root() + "; run `bin/tally up --net-faults` first"));
        return NetworkFaults.of(stack.home(), spec).orElseThrow(() -> new IllegalStateException(
                "the stack in " + stack.home().root() + " has no fault proxies; start it with `bin/tally up --net-faults`"
                        + " (after `bin/tally down --purge` if it exists: its processes listen elsewhere behind proxies),"
                        + " or with `bin/tally up --hosts`"));
    }

    static String target(InstanceArgs instance) {
        if (instance.instance().component() == Component.API || instance.instance().component() == Component.NET) {
            throw new IllegalArgumentException("the proxies carry the traffic of brokers, controllers and processors, not of "
                    + instance.instance().component().label());
        }
        return instance.instance().name();
    }

    @Command(name = "lag", description = "Hold every chunk to and from the process a random MIN..MAX ms (order kept per connection).")
    static final class Lag implements Callable<Integer> {
        @Mixin InstanceArgs instance;

        @Parameters(index = "2", paramLabel = "MIN-MAX", description = "milliseconds, e.g. 0-1000 (or one number)")
        String range;

        @Override
        public Integer call() {
            Faults.Lag.parse(range);
            String name = target(instance);
            System.out.print(client().lag(name, range));
            return 0;
        }
    }

    @Command(name = "partition", description = "Stall every connection to and from the process; new ones hang until `net heal`.")
    static final class Partition implements Callable<Integer> {
        @Mixin InstanceArgs instance;

        @Override
        public Integer call() {
            String name = target(instance);
            System.out.print(client().partition(name));
            return 0;
        }
    }

    @Command(name = "heal", description = "Lift every lag and partition (or those of COMPONENT ID); what waited is delivered.")
    static final class Heal implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "COMPONENT", description = "broker, controller or processor")
        String component;

        @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "instance number, from 1")
        Integer id;

        @Override
        public Integer call() {
            if ((component == null) != (id == null)) {
                throw new IllegalArgumentException("net heal takes nothing (every fault) or COMPONENT ID");
            }
            System.out.print(component == null ? client().heal()
                    : client().heal(new dev.tally.compose.stack.Instance(Component.parse(component), id).name()));
            return 0;
        }
    }

    @Command(name = "status", description = "The faults in force.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.print(client().faults());
            return 0;
        }
    }
}
