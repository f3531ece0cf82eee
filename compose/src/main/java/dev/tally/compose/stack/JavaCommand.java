package dev.tally.compose.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of one JVM of the stack, with the flags every instance needs. */
public final class JavaCommand {

    private JavaCommand() {
    }

    public static List<String> of(ProcessTable processes, StackHome home, Instance instance,
                                  String classpath, List<String> jvmOptions, String mainClass, List<String> args) {
        Path tmp = home.tmp(instance);
        tmp.toFile().mkdirs();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(processes.marker(instance));
        // A JVM killed with -9 leaves RocksDB's unpacked native library behind; one tmpdir each keeps it contained.
        command.add("-Djava.io.tmpdir=" + tmp);
        command.addAll(ClassArchive.options(home, instance, classpath));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
