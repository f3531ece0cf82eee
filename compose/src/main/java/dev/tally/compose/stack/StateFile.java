package dev.tally.compose.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** A small properties file the launcher keeps in a stack home (the shape, the proxies, an external cluster). */
public final class StateFile {

    private StateFile() {
    }

    /** @return empty if the file does not exist */
    public static Optional<Properties> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(p);
    }

    /** Writes the file (and its folder), with {@code comment} as its first line: what wrote it and why. */
    public static void write(Path file, Properties p, String comment) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, comment);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
