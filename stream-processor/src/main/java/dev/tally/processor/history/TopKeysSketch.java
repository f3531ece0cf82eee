package dev.tally.processor.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How many increments each key had in one bucket of time on one partition, bounded: it holds at most
 * twice {@link #CAPACITY} keys; when it would hold more, it keeps the {@link #CAPACITY} busiest and
 * forgets the rest (amortized O(1) per increment, one sort per {@link #CAPACITY} new keys). Exact
 * while a partition sees at most that many distinct keys per bucket; beyond that a key that was
 * forgotten and comes back misses at most {@link #floor()} of its increments, so every key above the
 * floor is ranked truly among those above it. {@link #CAPACITY} is the largest {@code n} of
 * {@code GET /top}: a key lives on one partition, so the global top n is among the partitions' top n.
 */
public final class TopKeysSketch {

    public static final int CAPACITY = 1_000;
    public static final Comparator<Map.Entry<String, Long>> BUSIEST_FIRST =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final Map<String, Long> counts;
    private long floor;

    public TopKeysSketch() {
        this(new HashMap<>(), 0);
    }

    private TopKeysSketch(Map<String, Long> counts, long floor) {
        this.counts = counts;
        this.floor = floor;
    }

    public void add(String key, long increments) {
        counts.merge(key, increments, Long::sum);
        if (counts.size() > 2 * CAPACITY) {
            forgetAllButTheBusiest();
        }
    }

    /**
     * Keeps the {@link #CAPACITY} busiest keys. Which of several keys tied at the last place stay does
     * not matter: any key forgotten misses at most the floor. So this sorts the counts alone, as
     * primitives, not the entries by count and key: under many cold keys it runs every
     * {@link #CAPACITY} increments, and sorting the entries took a tenth of a processor's Java samples.
     */
    private void forgetAllButTheBusiest() {
        long[] sorted = new long[counts.size()];
        int i = 0;
        for (long count : counts.values()) {
            sorted[i++] = count;
        }
        Arrays.sort(sorted);
        long last = sorted[sorted.length - CAPACITY];
        int tiesKept = 0;
        for (int j = sorted.length - CAPACITY; j < sorted.length && sorted[j] == last; j++) {
            tiesKept++;
        }
        Iterator<Long> it = counts.values().iterator();
        while (it.hasNext()) {
            long count = it.next();
            if (count > last || (count == last && tiesKept-- > 0)) {
                continue;
            }
            floor = Math.max(floor, count);
            it.remove();
        }
    }

    /** The largest count forgotten so far: 0 while the sketch is exact. */
    public long floor() {
        return floor;
    }

    /** Adds another bucket's counts, as when several buckets make up the period asked for. */
    public void addAll(TopKeysSketch other) {
        other.counts.forEach(this::add);
        floor = Math.max(floor, other.floor);
    }

    /** The {@code n} busiest keys, busiest first; ties by key. */
    public List<Map.Entry<String, Long>> top(int n) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(BUSIEST_FIRST);
        return List.copyOf(entries.subList(0, Math.min(n, entries.size())).stream()
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    }

    /**
     * The floor, then a line {@code count TAB key} per key: text like every other tally value.
     * Keys hold no control characters (CounterKeys), so tab and newline cannot occur in them.
     */
    public String encode() {
        StringBuilder text = new StringBuilder(Long.toString(floor));
        counts.forEach((key, count) -> text.append('\n').append(count).append('\t').append(key));
        return text.toString();
    }

    /** @throws IllegalArgumentException if the text is not what {@link #encode} writes */
    public static TopKeysSketch decode(String text) {
        String[] lines = text.split("\n", -1);
        try {
            Map<String, Long> counts = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int tab = lines[i].indexOf('\t');
                counts.put(lines[i].substring(tab + 1), Long.parseLong(lines[i].substring(0, tab)));
            }
            return new TopKeysSketch(counts, Long.parseLong(lines[0]));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a top-keys sketch", e);
        }
    }
}
