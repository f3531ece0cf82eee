package dev.tally.compose.stack;

import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Where a new default stack's brokers listen: from localhost:9092 up, as in Kafka's quickstart, so
 * Kafka's tools and a Kafka user's habits work; if one of those ports is taken (another Kafka
 * runs), from 19091 up instead, and {@code up} says so.
 */
public final class BrokerPortChoice {

    /** Broker n listens on 19090 + n when the conventional ports are taken. */
    static final int FALLBACK_BROKER_PORT_BASE = 19_090;

    /** @param note what {@code up} tells the user about the ports, or null when the conventional ones were free */
    public record Choice(StackSpec spec, String note) {
    }

    private BrokerPortChoice() {
    }

    /** For a stack that does not exist yet: a saved stack keeps the ports it was made with. */
    public static Choice forNewStack(StackSpec spec) {
        return forNewStack(spec, Ports::isFree);
    }

    static Choice forNewStack(StackSpec spec, IntPredicate free) {
        if (spec.brokerPortBase() != StackSpec.DEFAULT.brokerPortBase() || brokerPortsFree(spec, free)) {
            return new Choice(spec, null);
        }
        StackSpec fallback = spec.withPorts(spec.apiPort(), FALLBACK_BROKER_PORT_BASE, spec.controllerPortBase(), spec.processorPortBase());
        return new Choice(fallback, "port" + (spec.brokers() == 1 ? " " : "s ") + range(spec) + " taken (another Kafka?): the brokers"
                + " listen on " + range(fallback) + " instead; bin/kafka-*.sh find them without --bootstrap-server");
    }

    private static boolean brokerPortsFree(StackSpec spec, IntPredicate free) {
        return IntStream.rangeClosed(1, spec.brokers()).map(spec::brokerPort).allMatch(free);
    }

    private static String range(StackSpec spec) {
        return spec.brokers() == 1 ? Integer.toString(spec.brokerPort(1)) : spec.brokerPort(1) + "-" + spec.brokerPort(spec.brokers());
    }
}
