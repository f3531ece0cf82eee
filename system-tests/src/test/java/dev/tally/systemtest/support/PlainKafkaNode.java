package dev.tally.systemtest.support;

import dev.tally.compose.stack.Classpaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;

/**
 * One Kafka node (KRaft broker and controller in one JVM) that the launcher knows nothing of, as a
 * team's own cluster would be: a SASL/PLAIN listener, ACLs enforced, Kafka's defaults otherwise
 * (its 6 s minimum consumer session timeout among them). Users: {@code admin} (a super user) and
 * {@code stranger} (no ACLs). Started from the brokers' jars that the build resolved, not by the launcher.
 */
public final class PlainKafkaNode implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "admin-secret";
    public static final String STRANGER_PASSWORD = "stranger-secret";

    private final Path dir;
    private final int port;
    private final Process process;

    private PlainKafkaNode(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static PlainKafkaNode start() throws Exception {
        Path dir = Files.createTempDirectory("tally-it-plain-kafka-");
        int port = freePort();
        int controllerPort = freePort();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"admin\" password=\"" + ADMIN_PASSWORD + "\" user_admin=\"" + ADMIN_PASSWORD + "\""
                        + " user_stranger=\"" + STRANGER_PASSWORD + "\";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                // The controller listener is plaintext inside the one JVM: its principal is ANONYMOUS.
                "super.users=User:admin;User:ANONYMOUS",
                "log.dirs=" + dir.resolve("data"),
                // One node: its internal topics can have one copy only.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                ""));
        String classpath = Classpaths.fromBuild(Classpaths.projectRoot()).brokers();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process format = new ProcessBuilder(java, "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting the plain Kafka node failed: " + Files.readString(dir.resolve("format.log")));
        }
        Process node = new ProcessBuilder(java, "-Xms256m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dkafka.logs.dir=" + dir,
                "-cp", classpath, "kafka.Kafka", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("kafka.log").toFile()).start();
        PlainKafkaNode started = new PlainKafkaNode(dir, port, node);
        try (Admin admin = Admin.create(started.adminConfig())) {
            Awaitility.await("the plain Kafka node answers").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> {
                        if (!node.isAlive()) {
                            throw new AssertionError("the plain Kafka node exited; see " + dir.resolve("kafka.log"));
                        }
                        return admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() == 1;
                    });
        } catch (RuntimeException | Error e) {
            started.close();
            throw e;
        }
        return started;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kafka client properties, as a team hands them to its tools: SASL/PLAIN as this user. */
    public Path clientProperties(String user, String password) throws IOException {
        Path file = dir.resolve(user + ".properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";\n");
        return file;
    }

    public Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
                        + ADMIN_PASSWORD + "\";");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** For a failure message: the node's own log. */
    public Path log() {
        return dir.resolve("kafka.log");
    }

    public List<String> topics() throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS).stream().sorted().toList();
        }
    }
}
