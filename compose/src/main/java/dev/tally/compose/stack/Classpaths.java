package dev.tally.compose.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two classpaths a stack starts JVMs with, as Maven resolved them at package time. They stay
 * apart: the brokers' Jetty 12.0 and the services' Jetty 12.1 (Javalin) cannot share one.
 */
public record Classpaths(String services, String brokers) {

    /** The project checkout: {@code -Dtally.root} (set by bin/tally and the integration tests), else the working directory. */
    public static Path projectRoot() {
        return Path.of(System.getProperty("tally.root", ".")).toAbsolutePath().normalize();
    }

    public static Classpaths fromBuild(Path projectRoot) {
        Path compose = projectRoot.resolve("compose/target");
        String services = read(compose.resolve("classpath.txt")) + ":" + compose.resolve("classes");
        String brokers = read(projectRoot.resolve("kafka-runtime/target/classpath.txt"));
        return new Classpaths(services, brokers);
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
