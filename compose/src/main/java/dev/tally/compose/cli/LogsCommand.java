package dev.tally.compose.cli;

import dev.tally.compose.stack.LogTail;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "logs", description = "Print the end of one process's log (-f to keep following it).")
final class LogsCommand implements Callable<Integer> {

    @Mixin
    InstanceArgs target;

    @Option(names = {"-n", "--lines"}, defaultValue = "100", description = "Lines to print. Default ${DEFAULT-VALUE}.")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        Path log = TallyCli.stack().logOf(target.instance());
        if (!Files.exists(log)) {
            System.err.println("tally: no log yet at " + log);
            return 1;
        }
        System.out.println(LogTail.lastLines(log, lines));
        if (follow) {
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                long position = file.length();
                while (!Thread.currentThread().isInterrupted()) {
                    if (file.length() > position) {
                        file.seek(position);
                        byte[] chunk = new byte[(int) (file.length() - position)];
                        file.readFully(chunk);
                        System.out.print(new String(chunk, java.nio.charset.StandardCharsets.UTF_8));
                        System.out.flush();
                        position += chunk.length;
                    }
                    Thread.sleep(200);
                }
            }
        }
        return 0;
    }
}
