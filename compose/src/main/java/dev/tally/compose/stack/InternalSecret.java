package dev.tally.compose.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The stack's shared secret, which the processors require on their internal routes and the API
 * sends them: made once per stack home (32 random bytes, hex), readable by its owner only, and handed
 * to the services as a file path (INTERNAL_SECRET_FILE) so it never shows in a process listing.
 */
public final class InternalSecret {

    private InternalSecret() {
    }

    /** The secret's file under the stack home, made on first use. */
    public static Path ensure(StackHome home) {
        Path file = home.internalSecret();
        if (Files.exists(file)) {
            return file;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            Files.createDirectories(file.getParent());
            Path draft = Files.createTempFile(file.getParent(), "internal-secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(draft, HexFormat.of().formatHex(random), StandardCharsets.UTF_8);
            Files.move(draft, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stack's internal secret " + file, e);
        }
        return file;
    }

    /** The secret itself, for tools of this machine that call a processor's internal API. */
    public static String read(StackHome home) {
        try {
            return Files.readString(ensure(home), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stack's internal secret " + home.internalSecret(), e);
        }
    }
}
