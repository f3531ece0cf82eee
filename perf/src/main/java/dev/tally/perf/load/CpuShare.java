package dev.tally.perf.load;

/**
 * What a run cost the machine. A load generator on the machine it measures takes its CPU from the
 * service, so every run reports this: if the generator's share is large, the service's numbers are
 * partly the generator's.
 *
 * @param cores               the machine's cores (all of them: the percentages are of the whole machine)
 * @param seconds             wall time it covers
 * @param generatorCpuSeconds CPU time of the generator's own threads (its event loops and the thread that ran it)
 * @param processCpuSeconds   CPU time of the whole JVM: the generator, plus JIT, GC and anything else it runs
 * @param generatorPercent    {@code generatorCpuSeconds} as a percentage of all cores over {@code seconds}
 * @param processPercent      {@code processCpuSeconds} as a percentage of all cores over {@code seconds}
 */
public record CpuShare(int cores, double seconds, double generatorCpuSeconds, double processCpuSeconds,
                       double generatorPercent, double processPercent) {

    static CpuShare of(int cores, long elapsedNanos, long generatorCpuNanos, long processCpuNanos) {
        // A run with no measured part has no time to share: 0 %, not NaN, which JSON cannot carry.
        double machineNanos = Math.max(1.0, (double) elapsedNanos * cores);
        return new CpuShare(cores, elapsedNanos / 1e9, generatorCpuNanos / 1e9, processCpuNanos / 1e9,
                100 * generatorCpuNanos / machineNanos, 100 * processCpuNanos / machineNanos);
    }

    /** Several parts of a run (or runs) as one: CPU and wall time added up, the shares over the sum. */
    static CpuShare sum(java.util.List<CpuShare> parts) {
        int cores = parts.stream().mapToInt(CpuShare::cores).max().orElse(Runtime.getRuntime().availableProcessors());
        double seconds = parts.stream().mapToDouble(CpuShare::seconds).sum();
        double generator = parts.stream().mapToDouble(CpuShare::generatorCpuSeconds).sum();
        double process = parts.stream().mapToDouble(CpuShare::processCpuSeconds).sum();
        return of(cores, (long) (seconds * 1e9), (long) (generator * 1e9), (long) (process * 1e9));
    }

    String line() {
        return String.format("generator threads %.1f%% of %d cores (%.2f CPU s), whole JVM %.1f%% (%.2f CPU s), over %.1f s",
                generatorPercent, cores, generatorCpuSeconds, processPercent, processCpuSeconds, seconds);
    }
}
