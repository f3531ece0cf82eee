package dev.tally.compose.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a start-up watches while it waits for its processes to answer. A process it started must
 * stay up: one that exits fails the start at once, with the end of its log. A process that was
 * already running when the start looked, but is gone during the wait, is started again, once, and
 * then watched like the others. That is the case of a stack killed a moment before {@code up}: a
 * JVM that is still exiting looks alive, and waiting for it would only time out.
 */
final class StartupWatch implements Runnable {

    private final ProcessGroups groups;
    private final String step;
    private final Consumer<List<Instance>> starter;
    private final List<Instance> started;
    private final List<Instance> foundRunning;

    StartupWatch(ProcessGroups groups, String step, List<Instance> all, List<Instance> started,
                 Consumer<List<Instance>> starter) {
        this.groups = groups;
        this.step = step;
        this.starter = starter;
        this.started = new ArrayList<>(started);
        this.foundRunning = new ArrayList<>(all);
        this.foundRunning.removeAll(started);
    }

    /** @throws StackException for the first started process that is gone */
    @Override
    public void run() {
        List<Instance> gone = groups.notRunning(foundRunning);
        if (!gone.isEmpty()) {
            groups.say(step, ProcessGroups.names(gone) + " stopped after this start found "
                    + (gone.size() == 1 ? "it" : "them") + " running; starting again");
            foundRunning.removeAll(gone);
            starter.accept(gone);
            started.addAll(gone);
        }
        groups.failIfExited(started);
    }
}
