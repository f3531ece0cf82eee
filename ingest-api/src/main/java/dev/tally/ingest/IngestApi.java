package dev.tally.ingest;

import dev.tally.common.CounterKeys;
import dev.tally.common.http.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code POST /counter/{key}/increment[?by=N]}: validates, appends to the increments log and answers
 * 202 only once Kafka acknowledged the write, so a 202 means the increment will be counted.
 */
public final class IngestApi implements AutoCloseable {

    private final IncrementLog log;

    public IngestApi(IncrementLog log) {
        this.log = log;
    }

    /** Connects a real Kafka producer; {@link #close()} releases it. */
    public static IngestApi fromConfig(IngestConfig config) {
        return new IngestApi(IncrementLog.connect(config));
    }

    public void addRoutes(RoutesConfig routes) {
        routes.post("/counter/{key}/increment", this::increment);
    }

    private void increment(Context ctx) {
        String key = ctx.pathParam("key");
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        long by = parseBy(ctx.queryParam("by"));
        ctx.future(() -> log.append(key, by)
                .exceptionally(failure -> {
                    throw KafkaErrors.toApiException(failure);
                })
                .thenAccept(written -> ctx.status(202).json(new IncrementAccepted(
                        key, by, IncrementAccepted.MAIN_QUEUE, written.topic(), written.partition(), written.offset()))));
    }

    /** {@code by} is optional (default 1), and a non-zero 64-bit integer: zero would be a write that counts nothing. */
    static long parseBy(String text) {
        if (text == null) {
            return 1;
        }
        long by;
        try {
            by = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_by",
                    "by must be a non-zero 64-bit integer, got \"" + abbreviate(text) + "\"");
        }
        if (by == 0) {
            throw ApiException.badRequest("invalid_by", "by must not be zero");
        }
        return by;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    @Override
    public void close() {
        log.close();
    }
}
