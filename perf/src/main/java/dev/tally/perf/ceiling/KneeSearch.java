package dev.tally.perf.ceiling;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a line's throughput stops growing as its closed-loop concurrency doubles: a step that gains
 * less than {@code minGain} over the best step so far is a miss, and after {@code misses} of them
 * the search stops. The knee is the best step: the highest throughput measured.
 *
 * <p>Two misses, not one, since a single step can come out low by chance (a GC, a log roll, the
 * other processes of the machine) and the next still grow.
 */
public final class KneeSearch {

    private final List<Integer> ladder;
    private final double minGain;
    private final int misses;
    private final List<Double> throughputs = new ArrayList<>();
    private int missed;
    private int best = -1;

    /**
     * @param ladder  the concurrencies to try, in order
     * @param minGain e.g. 0.05: a step must beat the best so far by 5 % to count as growth
     * @param misses  misses in a row that end the search
     */
    public KneeSearch(List<Integer> ladder, double minGain, int misses) {
        if (ladder.isEmpty() || minGain < 0 || misses < 1) {
            throw new IllegalArgumentException("a knee search needs steps, a gain >= 0 and misses >= 1");
        }
        this.ladder = List.copyOf(ladder);
        this.minGain = minGain;
        this.misses = misses;
    }

    /** Doubling from {@code from} while not above {@code to}: 64, 128, ..., 4096. */
    public static List<Integer> doubling(int from, int to) {
        if (from < 1 || to < from) {
            throw new IllegalArgumentException("a ladder runs from 1 or more up to at least its start, not " + from + ".." + to);
        }
        List<Integer> steps = new ArrayList<>();
        for (long step = from; step <= to; step *= 2) {
            steps.add((int) step);
        }
        return steps;
    }

    /** Whether another step is to be measured. */
    public boolean hasNext() {
        return missed < misses && throughputs.size() < ladder.size();
    }

    /** The concurrency of the next step. */
    public int next() {
        if (!hasNext()) {
            throw new IllegalStateException("the search is over");
        }
        return ladder.get(throughputs.size());
    }

    /** The throughput the step {@link #next} named reached. */
    public void measured(double throughput) {
        if (!hasNext()) {
            throw new IllegalStateException("the search is over");
        }
        throughputs.add(throughput);
        int step = throughputs.size() - 1;
        if (best < 0 || throughput >= throughputs.get(best) * (1 + minGain)) {
            missed = 0;
        } else {
            missed++;
        }
        if (best < 0 || throughput > throughputs.get(best)) {
            best = step;
        }
    }

    /** The index of the best step so far (the knee once the search is over); -1 before any. */
    public int knee() {
        return best;
    }

    /** Whether it stopped because throughput stopped growing, rather than because the ladder ran out. */
    public boolean levelledOff() {
        return missed >= misses;
    }
}
