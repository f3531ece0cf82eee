package dev.tally.compose.stack;

import java.nio.file.Path;

/**
 * Where a stack keeps everything: {@code ./.tally} by default, {@code TALLY_HOME} to move it.
 * <pre>
 *   stack.properties        the shape (StackSpec)
 *   cluster.id              the KRaft cluster id, made once
 *   external-kafka.properties  the cluster of `up --kafka`, when tally runs no brokers of its own (ExternalKafka)
 *   internal-secret         the processors' shared secret (owner-only), made once (InternalSecret)
 *   config/                 generated broker properties and log4j2 config
 *   data/broker-N/          Kafka log dirs
 *   state/processor-N/      Kafka Streams state (RocksDB)
 *   tmp/NAME/               each JVM's java.io.tmpdir (RocksDB unpacks a 15 MB library there)
 *   run/NAME.pid            pid files
 *   logs/NAME.log           stdout and stderr of each process
 *   cds/KIND.jsa            class-data-sharing archive of each kind of JVM (see ClassArchive)
 * </pre>
 */
public record StackHome(Path root) {

    public static StackHome fromEnvironment() {
        String configured = System.getenv("TALLY_HOME");
        Path path = configured == null || configured.isBlank() ? Path.of(".tally") : Path.of(configured);
        return new StackHome(path.toAbsolutePath().normalize());
    }

    public Path spec() {
        return root.resolve("stack.properties");
    }

    public Path externalKafka() {
        return root.resolve("external-kafka.properties");
    }

    public Path clusterId() {
        return root.resolve("cluster.id");
    }

    public Path internalSecret() {
        return root.resolve("internal-secret");
    }

    public Path config() {
        return root.resolve("config");
    }

    public Path brokerData(int node) {
        return root.resolve("data").resolve("broker-" + node);
    }

    public Path controllerData(int id) {
        return root.resolve("data").resolve("controller-" + id);
    }

    public Path processorState(int id) {
        return root.resolve("state").resolve("processor-" + id);
    }

    public Path tmp(Instance instance) {
        return root.resolve("tmp").resolve(instance.name());
    }

    public Path pidFile(Instance instance) {
        return root.resolve("run").resolve(instance.name() + ".pid");
    }

    public Path classArchive(Component kind) {
        return root.resolve("cds").resolve(kind.label() + ".jsa");
    }

    public Path log(Instance instance) {
        return root.resolve("logs").resolve(instance.name() + ".log");
    }
}
