package dev.tally.compose.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The stack's processes, tracked by pid files in the stack home. A pid only counts as ours while
 * its command line still carries our marker, so a recycled pid is never signalled by mistake.
 */
public final class ProcessTable {

    private final StackHome home;

    public ProcessTable(StackHome home) {
        this.home = home;
    }

    /** The JVM flag that marks a process as this stack's instance. */
    public String marker(Instance instance) {
        return "-Dtally.instance=" + instance.name() + "@" + home.root();
    }

    public Optional<ProcessHandle> find(Instance instance) {
        Path pidFile = home.pidFile(instance);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isOurs(p, instance));
    }

    private boolean isOurs(ProcessHandle process, Instance instance) {
        // Where the OS does not tell the command line, the pid file is all we have to go on.
        return process.info().commandLine().map(cmd -> cmd.contains(marker(instance))).orElse(true);
    }

    /**
     * Starts a command detached from the caller's session (setsid), so it outlives the CLI and a
     * Ctrl-C in the user's terminal, with stdout and stderr appended to the instance's log file.
     */
    public ProcessHandle start(Instance instance, List<String> command, Map<String, String> environment) {
        try {
            Path log = home.log(instance);
            Files.createDirectories(log.getParent());
            Files.createDirectories(home.pidFile(instance).getParent());
            List<String> detached = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                detached.add("/usr/bin/setsid");
            }
            detached.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(detached)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            Files.writeString(home.pidFile(instance), Long.toString(process.pid()));
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + instance + ": " + e.getMessage(), e);
        }
    }

    /** Every instance that has a pid file, running or not, in the order of their names. */
    /** A pid file of any component: {@code controller-1.pid}, {@code broker-2.pid}, … */
    private static final String RECORDED = "(" + java.util.Arrays.stream(Component.values()).map(Component::label)
            .collect(java.util.stream.Collectors.joining("|")) + ")-\\d+\\.pid";

    public List<Instance> recorded() {
        Path run = home.pidFile(new Instance(Component.API, 1)).getParent();
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        try (var files = Files.list(run)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches(RECORDED))
                    .map(name -> name.substring(0, name.length() - 4).split("-"))
                    .map(parts -> new Instance(Component.parse(parts[0]), Integer.parseInt(parts[1])))
                    .sorted(java.util.Comparator.comparing(Instance::component).thenComparing(Instance::id))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: the process gets no chance to clean up, as in a crash. */
    public Optional<Long> kill(Instance instance) {
        return find(instance).map(p -> {
            p.destroyForcibly();
            awaitExit(List.of(p), Duration.ofSeconds(10));
            return p.pid();
        });
    }

    /**
     * SIGTERM to all of them at once, then SIGKILL to whatever is left after the grace period.
     * Stopping brokers one by one makes the last wait minutes for a quorum that is already gone.
     *
     * @return the instances that had to be killed
     */
    public List<Instance> stopAll(List<Instance> instances, Duration grace) {
        List<ProcessHandle> running = new ArrayList<>();
        List<Instance> owners = new ArrayList<>();
        for (Instance instance : instances) {
            find(instance).ifPresent(p -> {
                p.destroy();
                running.add(p);
                owners.add(instance);
            });
        }
        awaitExit(running, grace);
        List<Instance> killed = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            if (running.get(i).isAlive()) {
                running.get(i).destroyForcibly();
                killed.add(owners.get(i));
            }
        }
        awaitExit(running, Duration.ofSeconds(10));
        return killed;
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : processes) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // still alive (or interrupted): the caller decides what to do with survivors
            }
        }
    }
}
