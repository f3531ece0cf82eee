package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A million counters streamed through the API: the answer is complete (every line, the exact sum), and
 * the live heap is sampled meanwhile (printed: what the API holds is a page, not the dump). Named so that
 * the suite leaves it out (it takes minutes on a busy machine); run it with
 * {@code mvn -o -pl query-api -am test -Dtest=DumpStreamMillionMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DumpStreamMillionMeasurement {

    private static final int COUNTERS = 1_000_000;

    /** A million counters k0000000… with value i % 7 + 1, made page by page: it holds none of them. */
    private static final class MillionCounters extends PagesOnlyReader {
        @Override
        public DumpPage dumpPage(String after, int limit) {
            int from = after == null ? 0 : Integer.parseInt(after.substring(1)) + 1;
            TreeMap<String, Long> page = new TreeMap<>();
            for (int i = from; i < Math.min(COUNTERS, from + limit); i++) {
                page.put(String.format("k%07d", i), (long) (i % 7 + 1));
            }
            return new DumpPage(page, from + limit < COUNTERS ? page.lastKey() : null);
        }
    }

    @Test
    void aMillionCountersStreamCompleteAndExact() {
        QueryApi api = new QueryApi(new MillionCounters());
        Javalin app = Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong highest = new AtomicLong(before);
        JavalinTest.test(app, (server, client) -> {
            // Read as it comes, line by line, so the reader holds no more than the server does.
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + server.port() + "/dump?format=ndjson")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            long lines = 0;
            long sum = 0;
            try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = body.readLine(); line != null; line = body.readLine()) {
                    lines++;
                    sum += Long.parseLong(line.substring(line.lastIndexOf(':') + 1, line.length() - 1));
                    if (lines % 250_000 == 0) {
                        // What is live mid-stream (server and client in this one JVM): a full collection first.
                        System.gc();
                        highest.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    }
                }
            }
            assertThat(lines).isEqualTo(COUNTERS);
            assertThat(sum).isEqualTo(3_999_997L);
        });
        System.out.printf("streamed %,d counters: live heap %.1f MiB before, at most %.1f MiB while streaming (client and server in one JVM)%n",
                COUNTERS, before / 1048576.0, highest.get() / 1048576.0);
    }
}
