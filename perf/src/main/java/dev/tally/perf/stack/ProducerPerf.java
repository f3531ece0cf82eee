package dev.tally.perf.stack;

import dev.tally.compose.stack.Classpaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own producer benchmark, {@code org.apache.kafka.tools.ProducerPerformance}, run as a
 * subprocess from the brokers' classpath (the tools' jars are not on perf's), with the durability of
 * tally's strong writes (acks=all, idempotent, uncompressed like the API's default) and batching
 * tuned for throughput, so it is the ceiling a batch of increments could reach on the same cluster.
 */
public final class ProducerPerf {

    /**
     * How the benchmark's producer batches: larger batches and a longer linger than tally's API uses
     * (which must answer each request quickly), since here only records per second count.
     */
    public record Tuning(int lingerMs, int batchSizeBytes) {
        public static final Tuning FOR_THROUGHPUT = new Tuning(20, 256 * 1024);
    }

    /**
     * What it printed on its last line.
     *
     * @param command the command line, so the figure can be reproduced by hand
     */
    public record Result(long records, double recordsPerSecond, double mbPerSecond, double avgMs, double maxMs,
                  double p50Ms, double p95Ms, double p99Ms, int recordSize, List<String> command) {
    }

    // "1000 records sent, 4807.7 records/sec (0.09 MB/sec), 93.36 ms avg latency, 178.00 ms max latency, 88 ms 50th, 160 ms 95th, 176 ms 99th, 178 ms 99.9th."
    private static final Pattern FINAL = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), "
            + "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private final Path projectRoot;

    public ProducerPerf(Path projectRoot) {
        this.projectRoot = projectRoot;
    }

    /**
     * @param recordSize bytes per record; ProducerPerformance sends keyless records of this many random bytes
     */
    public Result run(String bootstrapServers, String topic, long records, int recordSize, Tuning tuning)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        Path log4j = projectRoot.resolve("bin/lib/log4j2-tools.properties");
        if (Files.exists(log4j)) {
            command.add("-Dlog4j2.configurationFile=" + log4j);
        }
        command.addAll(List.of("-cp", Classpaths.fromBuild(projectRoot).brokers(),
                "org.apache.kafka.tools.ProducerPerformance",
                "--bootstrap-server", bootstrapServers,
                "--topic", topic,
                "--num-records", Long.toString(records),
                "--record-size", Integer.toString(recordSize),
                "--throughput", "-1",
                // The durability of tally's quorum producer (IncrementLog.producerConfig); batching tuned for throughput.
                "--command-property", "acks=all", "enable.idempotence=true", "compression.type=none",
                "linger.ms=" + tuning.lingerMs(), "batch.size=" + tuning.batchSizeBytes()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.add(line);
                // Its own progress lines (every 5 s) are the progress of this phase.
                System.err.println("ProducerPerformance  " + line);
                if (FINAL.matcher(line).find()) {
                    last = line;
                }
            }
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (process.exitValue() != 0 || last == null) {
            throw new IllegalStateException("ProducerPerformance exited " + process.exitValue() + " without a result: "
                    + String.join(" | ", output.subList(Math.max(0, output.size() - 5), output.size())));
        }
        return parse(last, recordSize, command);
    }

    public static Result parse(String line, int recordSize, List<String> command) {
        Matcher m = FINAL.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("not ProducerPerformance's final line: " + line);
        }
        // The classpath is long and machine-specific; the rest reproduces the run.
        List<String> shown = command.stream().map(a -> a.length() > 200 ? "<kafka-runtime/target/classpath.txt>" : a).toList();
        return new Result(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
                Double.parseDouble(m.group(7)), Double.parseDouble(m.group(8)), recordSize, shown);
    }
}
