package dev.tally.perf;

/** A one-line progress indicator on stderr, redrawn at every tenth of the work; safe to step from many threads. */
final class Progress {

    private final String name;
    private final int total;
    private final long start = System.nanoTime();
    private int shownTenths = -1;

    Progress(String name, int total) {
        this.name = name;
        this.total = total;
    }

    synchronized void step(int done) {
        int tenths = (int) (10L * done / total);
        if (tenths != shownTenths) {
            shownTenths = tenths;
            double seconds = (System.nanoTime() - start) / 1e9;
            System.err.printf("\r%-16s %6d/%d  %5.1f s%s", name, done, total, seconds, done == total ? "\n" : "");
        }
    }
}
