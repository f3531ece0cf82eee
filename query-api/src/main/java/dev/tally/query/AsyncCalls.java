package dev.tally.query;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** The few ways the read path turns processor calls into futures and back. */
final class AsyncCalls {

    private AsyncCalls() {
    }

    /** What a future failed with, not the wrapper a stage around it adds. */
    static Throwable cause(Throwable failure) {
        return (failure instanceof CompletionException || failure instanceof ExecutionException) && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    /** A call made now, as a future: its answer, or what it threw. */
    static <T> CompletableFuture<T> started(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Completes {@code target} as {@code source} completes, with the same answer or failure. */
    static <T> void completeFrom(CompletableFuture<T> source, CompletableFuture<T> target) {
        source.whenComplete((answer, failure) -> {
            if (failure == null) {
                target.complete(answer);
            } else {
                target.completeExceptionally(cause(failure));
            }
        });
    }

    /** Waits for a call to a processor, for the callers that must block; throws what it failed with. */
    static <T> T await(String url, CompletableFuture<T> call) {
        return await(url, call, () -> {
        });
    }

    /**
     * {@link #await(String, CompletableFuture)}, with something to undo when the waiting thread is interrupted.
     *
     * @param onInterrupt run when the waiting thread is interrupted, before it gives up
     */
    static <T> T await(String url, CompletableFuture<T> call, Runnable onInterrupt) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            if (cause(e) instanceof RuntimeException failure) {
                throw failure;
            }
            throw new ProcessorUnreachableException(url, String.valueOf(cause(e)), cause(e));
        } catch (InterruptedException e) {
            onInterrupt.run();
            Thread.currentThread().interrupt();
            throw new ProcessorUnreachableException(url, "interrupted while waiting", e);
        }
    }
}
