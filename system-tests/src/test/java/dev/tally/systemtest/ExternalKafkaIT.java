package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.client.api.TallyClient;
import dev.tally.compose.external.ExternalKafka;
import dev.tally.compose.external.ExternalKafkaSetup;
import dev.tally.compose.stack.Classpaths;
import dev.tally.compose.stack.Stack;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import dev.tally.systemtest.support.PlainKafkaNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tally up --kafka} against a Kafka node the launcher did not start (SASL/PLAIN, ACLs
 * enforced, Kafka's 6 s minimum session timeout): processors and the API run on it with the
 * team's client properties and count; {@code down} leaves it running; an unreachable cluster, a
 * principal without ACLs and too few brokers are each one line and a non-zero exit of the real CLI.
 */
class ExternalKafkaIT {

    private static PlainKafkaNode kafka;

    // Each launcher run gets a fresh stack home under it; JUnit deletes them all after the class.
    @TempDir
    static Path cliHomes;

    @BeforeAll
    static void startATeamsOwnKafka() throws Exception {
        kafka = PlainKafkaNode.start();
    }

    @AfterAll
    static void stopIt() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void processorsAndTheApiCountOnTheTeamsClusterAndDownLeavesItRunning() throws Exception {
        Path home = Files.createTempDirectory("tally-it-external-");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Stack stack = new Stack(new StackHome(home), Classpaths.fromBuild(Classpaths.projectRoot()),
                new PrintStream(said, true, StandardCharsets.UTF_8)).withJvmOptions(List.of("-XX:TieredStopAtLevel=1"));
        // What `up --kafka … --kafka-config … --replication-factor 1 --processors 1` does, on free ports.
        ExternalKafkaSetup.remember(stack.home(), new ExternalKafka(kafka.bootstrapServers(),
                kafka.clientProperties("admin", PlainKafkaNode.ADMIN_PASSWORD)));
        StackSpec spec = new StackSpec(1, 1, 1, 6, 1, 0, 8000, 9091, 19190, 8100).onFreePorts();
        try {
            stack.up(spec);
            String output = said.toString(StandardCharsets.UTF_8);
            assertThat(output).contains("tally starts no brokers", "transactions work", "created tally-increments (6 partitions,"
                    + " replication factor 1, min.insync.replicas 1)", "group.min.session.timeout.ms is 6000 ms");

            TallyClient client = TallyClient.of(spec.apiUrl());
            assertThat(client.increment("external-a").status()).isEqualTo(202);
            assertThat(client.increment("external-a").status()).isEqualTo(202);
            Awaitility.await("both increments counted").atMost(Duration.ofSeconds(30))
                    .until(() -> client.read("external-a").ok() && client.read("external-a").value() == 2);
        } finally {
            stack.down(true);
            System.out.print(said.toString(StandardCharsets.UTF_8));
        }
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("the cluster at " + kafka.bootstrapServers()
                + " is not tally's: left running");
        assertThat(kafka.isAlive()).isTrue();
        assertThat(kafka.topics()).contains("tally-increments", "tally-excess", "tally-dead-letters");
    }

    @Test
    void anUnreachableClusterIsOneLineAndAFailedExit() throws Exception {
        String nowhere = "127.0.0.1:" + PlainKafkaNode.freePort();

        Cli result = cli("up", "--kafka", nowhere, "--replication-factor", "1");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderrLines()).hasSize(1).first().asString()
                .startsWith("tally: cannot reach Kafka at " + nowhere + " (no answer while trying to describe the cluster): check --kafka");
    }

    @Test
    void aPrincipalWithoutAclsIsRefusedWithWhatToGrant() throws Exception {
        Cli result = cli("up", "--kafka", kafka.bootstrapServers(), "--replication-factor", "1",
                "--kafka-config", kafka.clientProperties("stranger", PlainKafkaNode.STRANGER_PASSWORD).toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderrLines()).hasSize(1).first().asString()
                .startsWith("tally: Kafka at " + kafka.bootstrapServers() + " refuses to let tally")
                .contains("consumer group tally-processor").contains("grant tally's principal the ACLs");
    }

    @Test
    void aWrongPasswordAndTooFewBrokersForTheReplicationFactorAreRefused() throws Exception {
        Cli login = cli("up", "--kafka", kafka.bootstrapServers(), "--replication-factor", "1",
                "--kafka-config", kafka.clientProperties("admin", "wrong").toString());
        assertThat(login.exitCode()).isNotZero();
        assertThat(login.stderrLines()).hasSize(1).first().asString()
                .startsWith("tally: Kafka at " + kafka.bootstrapServers() + " refused the login");

        Cli tooFew = cli("up", "--kafka", kafka.bootstrapServers(),
                "--kafka-config", kafka.clientProperties("admin", PlainKafkaNode.ADMIN_PASSWORD).toString());
        assertThat(tooFew.exitCode()).isNotZero();
        assertThat(tooFew.stderrLines()).containsExactly("tally: the cluster at " + kafka.bootstrapServers() + " has 1 broker(s),"
                + " fewer than the replication factor 3; pass --replication-factor 1 (or less) or add brokers");
    }

    private record Cli(int exitCode, List<String> stderrLines) {
    }

    /** The launcher as bin/tally runs it, in a fresh stack home of its own. */
    private static Cli cli(String... args) throws Exception {
        Path root = Classpaths.projectRoot();
        Path home = Files.createTempDirectory(cliHomes, "cli-");
        String classpath = Files.readString(root.resolve("compose/target/classpath.txt")).strip() + ":" + root.resolve("compose/target/classes");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Dtally.root=" + root, "-Dlogback.configurationFile=logback-cli.xml", "-cp", classpath,
                "dev.tally.compose.cli.TallyCli"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(home.resolve("stdout").toFile())
                .redirectError(home.resolve("stderr").toFile());
        builder.environment().put("TALLY_HOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/tally " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Cli(process.exitValue(), Files.readAllLines(home.resolve("stderr")).stream().filter(l -> !l.isBlank()).toList());
    }
}
