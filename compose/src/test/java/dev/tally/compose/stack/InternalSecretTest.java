package dev.tally.compose.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalSecretTest {

    @Test
    void aStackHomeGetsOneOwnerOnlySecretThatStaysTheSame(@TempDir Path root) throws Exception {
        StackHome home = new StackHome(root.resolve("stack"));

        Path file = InternalSecret.ensure(home);
        String secret = InternalSecret.read(home);

        assertThat(file).isEqualTo(home.internalSecret());
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(InternalSecret.read(home)).isEqualTo(secret);
        assertThat(InternalSecret.read(new StackHome(root.resolve("another")))).isNotEqualTo(secret);
    }
}
