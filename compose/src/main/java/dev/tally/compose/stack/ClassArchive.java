package dev.tally.compose.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;

/**
 * A class-data-sharing archive per kind of JVM (controller, broker, processor, API): the classes a
 * JVM of that kind loaded, mapped into the next one instead of loaded again. Measured on an API
 * replica: 4.2 s of CPU to start without, 1.5 s with; a stack starts about ten JVMs on two cores.
 *
 * <p>The JDK writes the archive when a JVM started with {@code -XX:ArchiveClassesAtExit} ends
 * cleanly (a stop, not a kill), so the first clean stop of instance 1 of each kind makes it, and
 * every later start of that kind uses it. An archive older than a jar on its classpath is stale (a
 * rebuild) and is made again; one that still does not fit is ignored by the JVM, which then simply
 * loads the classes as usual.
 */
final class ClassArchive {

    // The JVM says why an archive does not fit on stdout; that is not worth a line in a service's log.
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

    private ClassArchive() {
    }

    /** The options that make this JVM use its kind's archive, or write it when it exits cleanly. */
    static List<String> options(StackHome home, Instance instance, String classpath) {
        Path archive = home.classArchive(instance.component());
        if (isFresh(archive, classpath)) {
            return List.of("-XX:SharedArchiveFile=" + archive, QUIET);
        }
        // One writer per kind: two JVMs writing the same file at exit would spoil it.
        if (instance.id() != 1 || !onlyJars(classpath)) {
            return List.of();
        }
        try {
            Files.createDirectories(archive.getParent());
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            return List.of();
        }
        return List.of("-XX:ArchiveClassesAtExit=" + archive, QUIET);
    }

    private static boolean isFresh(Path archive, String classpath) {
        try {
            if (!Files.isRegularFile(archive)) {
                return false;
            }
            FileTime made = Files.getLastModifiedTime(archive);
            for (String entry : classpath.split(":")) {
                Path jar = Path.of(entry);
                if (Files.exists(jar) && Files.getLastModifiedTime(jar).compareTo(made) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The JDK archives classes from jars only: a classpath with a classes directory cannot have one. */
    private static boolean onlyJars(String classpath) {
        return Arrays.stream(classpath.split(":")).allMatch(entry -> entry.endsWith(".jar"));
    }
}
