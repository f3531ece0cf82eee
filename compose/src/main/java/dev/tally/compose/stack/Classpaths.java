package dev.tally.compose.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The classpaths a stack starts JVMs with, as Maven resolved them at package time: each process on
 * its own module's, so a processor carries no HTTP front end and the API no Kafka Streams. The
 * brokers' stays apart from the services': their Jetty 12.0 and Javalin's Jetty 12.1 cannot share one.
 *
 * @param processor the stream-processor module's
 * @param api       the api-server module's
 * @param brokers   the kafka-runtime module's (brokers, controllers and Kafka's tools)
 */
public record Classpaths(String processor, String api, String brokers) {

    /** The project checkout: {@code -Dtally.root} (set by bin/tally and the integration tests), else the working directory. */
    public static Path projectRoot() {
        return Path.of(System.getProperty("tally.root", ".")).toAbsolutePath().normalize();
    }

    public static Classpaths fromBuild(Path projectRoot) {
        return new Classpaths(moduleClasspath(projectRoot, "stream-processor"), moduleClasspath(projectRoot, "api-server"),
                read(projectRoot.resolve("kafka-runtime/target/classpath.txt")));
    }

    /**
     * A module's dependencies (its target/classpath.txt) and its own jar: jars only, so that the JVM
     * can keep a class-data-sharing archive of them (see ClassArchive).
     */
    private static String moduleClasspath(Path projectRoot, String module) {
        Path target = projectRoot.resolve(module).resolve("target");
        return read(target.resolve("classpath.txt")) + ":" + moduleJar(target, module);
    }

    private static Path moduleJar(Path target, String module) {
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(java.util.regex.Pattern.quote(module) + "-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(module + "'s jar is missing in " + target
                            + ": build first with `mvn -B -DskipTests package` (bin/tally does it for you)"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + target + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException(file + " is missing: build first with `mvn -B -DskipTests package`"
                    + " (bin/tally does it for you)", e);
        }
    }
}
