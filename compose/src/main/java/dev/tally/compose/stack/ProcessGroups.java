package dev.tally.compose.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Starting, awaiting and stopping a group of the stack's processes, and saying so one line per step:
 * the mechanics {@link Stack}'s up, down, start and stop share.
 */
final class ProcessGroups {

    private final StackHome home;
    private final ProcessTable processes;
    private final PrintStream out;

    ProcessGroups(StackHome home, ProcessTable processes, PrintStream out) {
        this.home = home;
        this.processes = processes;
        this.out = out;
    }

    /**
     * Starts those of {@code instances} that do not run and waits until all of them answer healthy.
     *
     * @param portToCheck the port an instance must find free before it starts; empty for none
     */
    void startAndAwait(String step, List<Instance> instances, Services services, Duration ready,
                       Function<Instance, OptionalInt> portToCheck) throws InterruptedException {
        List<Instance> missing = notRunning(instances);
        if (missing.isEmpty()) {
            say(step, "all " + instances.size() + " already running");
        } else {
            boolean apiRunning = processes.recorded().stream()
                    .anyMatch(i -> i.component() == Component.API && processes.find(i).isPresent());
            for (Instance instance : missing) {
                // API replicas share their port on purpose (SO_REUSEPORT); only a stranger on it is a clash.
                OptionalInt port = portToCheck.apply(instance);
                if (!(instance.component() == Component.API && apiRunning) && port.isPresent()) {
                    Ports.requireFree(port.getAsInt(), instance, instance.component() == Component.API ? "--port" : "");
                }
            }
            say(step, "starting " + names(missing));
            missing.forEach(services::start);
        }
        long start = System.nanoTime();
        long deadline = start + ready.toNanos();
        List<Instance> waiting = new ArrayList<>(instances);
        StartupWatch watch = watch(step, instances, missing, gone -> gone.forEach(services::start));
        while (!waiting.isEmpty()) {
            watch.run();
            waiting.removeIf(i -> HealthCheck.get(services.healthUrl(i)).ok());
            if (System.nanoTime() > deadline) {
                throw new StackException(names(waiting) + " did not become healthy within " + ready.toSeconds()
                        + " s; read " + home.log(waiting.get(0)));
            }
            Thread.sleep(250);
        }
        say(step, names(instances) + " healthy after " + seconds(Duration.ofNanos(System.nanoTime() - start)));
    }

    /** SIGTERM to those of {@code instances} that run, SIGKILL to any still there after {@code grace}. */
    void stop(String step, List<Instance> instances, Duration grace) {
        List<Instance> running = instances.stream().filter(i -> processes.find(i).isPresent()).toList();
        if (running.isEmpty()) {
            say(step, "nothing running");
            return;
        }
        long start = System.nanoTime();
        List<Instance> killed = processes.stopAll(running, grace);
        say(step, "stopped " + names(running) + " in " + seconds(Duration.ofNanos(System.nanoTime() - start))
                + (killed.isEmpty() ? "" : "; had to SIGKILL " + names(killed) + " after " + grace.toSeconds() + " s"));
    }

    /**
     * What to run while waiting for {@code all} to come up, of which this start launched {@code started}:
     * see {@link StartupWatch}.
     */
    StartupWatch watch(String step, List<Instance> all, List<Instance> started, Consumer<List<Instance>> starter) {
        return new StartupWatch(this, step, all, started, starter);
    }

    /** @throws StackException with the end of its log, for the first of {@code started} that is gone */
    void failIfExited(List<Instance> started) {
        for (Instance instance : started) {
            if (processes.find(instance).isEmpty()) {
                throw new StackException(instance + " exited during start-up; last lines of " + home.log(instance)
                        + ":\n" + LogTail.lastLines(home.log(instance), 25));
            }
        }
    }

    List<Instance> notRunning(List<Instance> instances) {
        return instances.stream().filter(i -> processes.find(i).isEmpty()).toList();
    }

    void say(String step, String message) {
        out.printf("%-10s %s%n", step, message);
        out.flush();
    }

    static String names(List<Instance> instances) {
        return String.join(", ", instances.stream().map(Instance::name).toList());
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
