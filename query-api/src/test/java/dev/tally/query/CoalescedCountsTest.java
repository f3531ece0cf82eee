package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalDump;
import dev.tally.domain.wire.ProcessorStats;
import dev.tally.domain.wire.RoutingSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescedCountsTest {

    private static final String URL = "http://processor-1";

    private final ExecutorService readers = Executors.newCachedThreadPool();

    @AfterEach
    void stopReaders() {
        readers.shutdownNow();
    }

    /** Readers of keys busy0, busy1, … whose calls the processor holds until released: every call slot taken. */
    private List<Future<LocalCount>> takeEveryCallInFlight(Processor processor, CoalescedCounts counts) {
        processor.holdFirstCalls(CoalescedCounts.CALLS_IN_FLIGHT);
        List<Future<LocalCount>> busy = new ArrayList<>();
        for (int i = 0; i < CoalescedCounts.CALLS_IN_FLIGHT; i++) {
            String key = "busy" + i;
            busy.add(readers.submit(() -> counts.count(URL, key)));
        }
        await().until(() -> processor.held.get() == CoalescedCounts.CALLS_IN_FLIGHT);
        return busy;
    }

    @Test
    void aReadThatFindsTheProcessorIdleGoesOutAloneAtOnce() {
        Processor processor = new Processor();
        CoalescedCounts counts = new CoalescedCounts(processor);

        assertThat(counts.count(URL, "a").value()).isEqualTo(valueOf("a"));
        assertThat(counts.count(URL, "b").value()).isEqualTo(valueOf("b"));

        assertThat(processor.calls).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void readsQueuedBehindCallsInFlightGoOutTogetherAndEachGetsItsOwnCount() throws Exception {
        Processor processor = new Processor();
        CoalescedCounts counts = new CoalescedCounts(processor);
        List<Future<LocalCount>> busy = takeEveryCallInFlight(processor, counts);
        List<Future<LocalCount>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = "k" + i;
            queued.add(readers.submit(() -> counts.count(URL, key)));
        }
        await().until(() -> counts.queuedFor(URL) == 20);

        processor.release.countDown();

        for (int i = 0; i < 20; i++) {
            assertThat(queued.get(i).get(5, TimeUnit.SECONDS).key()).isEqualTo("k" + i);
            assertThat(queued.get(i).get().value()).isEqualTo(valueOf("k" + i));
        }
        for (Future<LocalCount> read : busy) {
            read.get(5, TimeUnit.SECONDS);
        }
        // The two held calls, then the 20 queued keys in one call (or two, if a slot came free between).
        assertThat(processor.calls).hasSizeBetween(3, 4);
        assertThat(processor.calls.stream().filter(call -> call.size() > 1)).isNotEmpty();
        assertThat(processor.calls.stream().mapToInt(List::size).sum()).isEqualTo(CoalescedCounts.CALLS_IN_FLIGHT + 20);
    }

    @Test
    void whenACallOfSeveralKeysFailsEachReaderAsksAloneAndGetsItsOwnAnswerOrError() throws Exception {
        Processor processor = new Processor();
        processor.notHosted.add("moved");
        CoalescedCounts counts = new CoalescedCounts(processor);
        takeEveryCallInFlight(processor, counts);
        Future<LocalCount> moved = readers.submit(() -> counts.count(URL, "moved"));
        Future<LocalCount> stays = readers.submit(() -> counts.count(URL, "stays"));
        await().until(() -> counts.queuedFor(URL) == 2);

        processor.release.countDown();

        assertThat(stays.get(5, TimeUnit.SECONDS).value()).isEqualTo(valueOf("stays"));
        assertThatThrownBy(() -> moved.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ProcessorErrorException.class);
        assertThat(processor.calls).contains(List.of("stays"), List.of("moved"));
    }

    @Test
    void aReaderInterruptedWhileQueuedLeavesNoSlotTaken() throws Exception {
        Processor processor = new Processor();
        CoalescedCounts counts = new CoalescedCounts(processor);
        takeEveryCallInFlight(processor, counts);
        Future<LocalCount> gives = readers.submit(() -> counts.count(URL, "gives-up"));
        await().until(() -> counts.queuedFor(URL) == 1);

        gives.cancel(true);
        await().until(() -> counts.queuedFor(URL) == 0);
        processor.release.countDown();

        await().atMost(5, TimeUnit.SECONDS).until(() -> counts.inFlightTo(URL) == 0);
        assertThat(counts.count(URL, "after").value()).isEqualTo(valueOf("after"));
    }

    @Test
    void readsQueuedBehindCallsInFlightWaitWithoutAThreadAndGoOutAsOneCallWhenASlotFrees() {
        HeldCalls processor = new HeldCalls();
        CoalescedCounts counts = new CoalescedCounts(processor);

        // Twelve reads from this one thread: none of them waits for its answer.
        List<CompletableFuture<LocalCount>> reads = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            reads.add(counts.countAsync(URL, "k" + i));
        }
        assertThat(processor.calls).containsExactly(List.of("k0"), List.of("k1"));
        assertThat(counts.queuedFor(URL)).isEqualTo(10);
        assertThat(reads).noneMatch(CompletableFuture::isDone);

        processor.answer(0);
        assertThat(reads.get(0)).isCompletedWithValueMatching(count -> count.value() == valueOf("k0"));
        assertThat(processor.calls).hasSize(3);
        assertThat(processor.calls.get(2)).containsExactly("k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11");

        processor.answer(1);
        processor.answer(2);
        for (int i = 0; i < 12; i++) {
            assertThat(reads.get(i).join().key()).isEqualTo("k" + i);
            assertThat(reads.get(i).join().value()).isEqualTo(valueOf("k" + i));
        }
        assertThat(counts.inFlightTo(URL)).isZero();
    }

    private static long valueOf(String key) {
        return key.hashCode() & 0xffff;
    }

    /** A processor whose calls stay open, holding no thread, until the test answers them one by one. */
    private static final class HeldCalls extends Processor {
        private final List<Runnable> answers = new CopyOnWriteArrayList<>();

        void answer(int call) {
            answers.get(call).run();
        }

        @Override
        public CompletableFuture<LocalCount> countAsync(String url, String key) {
            return countsAsync(url, List.of(key)).thenApply(one -> one.get(0));
        }

        @Override
        public CompletableFuture<List<LocalCount>> countsAsync(String url, List<String> keys) {
            calls.add(List.copyOf(keys));
            CompletableFuture<List<LocalCount>> call = new CompletableFuture<>();
            answers.add(() -> call.complete(counts(url, keys)));
            return call;
        }

        @Override
        public List<LocalCount> counts(String url, List<String> keys) {
            return keys.stream().map(key -> new LocalCount(key, valueOf(key), 0, LocalCount.ACTIVE, "processor-1", 0L)).toList();
        }
    }

    /** A processor that answers every key with a value of its own, can hold its first calls, and records each call's keys. */
    private static class Processor implements ProcessorClient {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final Collection<String> notHosted = ConcurrentHashMap.newKeySet();
        final AtomicInteger held = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger toHold = new AtomicInteger();

        void holdFirstCalls(int calls) {
            toHold.set(calls);
        }

        private void maybeHold() {
            if (toHold.getAndDecrement() > 0) {
                held.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private LocalCount answer(String key) {
            if (notHosted.contains(key)) {
                throw new ProcessorErrorException(URL, 409, "not_hosted", "partition of " + key + " is not held here");
            }
            return new LocalCount(key, valueOf(key), 0, LocalCount.ACTIVE, "processor-1", 0L);
        }

        @Override
        public LocalCount count(String url, String key) {
            calls.add(List.of(key));
            maybeHold();
            return answer(key);
        }

        @Override
        public List<LocalCount> counts(String url, List<String> keys) {
            calls.add(List.copyOf(keys));
            maybeHold();
            return keys.stream().map(this::answer).toList();
        }

        @Override
        public LocalDump dump(String url, Collection<Integer> partitions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RoutingSnapshot routing(String url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<IdempotentWrite> idempotency(String url, String idempotencyKey, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ProcessorStats stats(String url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
