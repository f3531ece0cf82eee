package dev.tally.perf.ceiling;

import dev.tally.perf.load.RequestSource;
import dev.tally.perf.load.ResponseListener;

/**
 * One HTTP line of {@code perf ceiling}: what its requests are, who counts their answers, and how
 * many operations (increments or reads) one request carries, so that throughput is in operations
 * per second whatever the request.
 *
 * @param id             "(a)" ... "(e)", "(r)": how the report and the ratios name it
 * @param name           a short name for tables and charts ("health", "single", ...)
 * @param what           the request, e.g. {@code POST /counter/{key}/increment}
 * @param unit           what its throughput counts ("req/s", "incr/s", "reads/s")
 * @param opsPerRequest  1, or a batch's size
 * @param listener       counts the answers (the exact-count ledger), or null
 */
public record CeilingLine(String id, String name, String what, String unit, int opsPerRequest, RequestSource requests,
                          ResponseListener listener) {
}
