package dev.tally.domain.wire;

import java.util.List;

/**
 * One processor instance as Kafka Streams metadata sees it.
 *
 * @param endpoint the instance's {@code application.server}, {@code host:port} of its internal HTTP API
 * @param active   input partitions whose active task runs there
 * @param standby  input partitions it keeps a standby copy of
 */
public record InstanceInfo(String endpoint, List<Integer> active, List<Integer> standby) {

    public String url() {
        return "http://" + endpoint;
    }
}
