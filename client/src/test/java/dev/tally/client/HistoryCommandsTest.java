package dev.tally.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tally windows KEY --size 1m} and {@code tally top}. */
class HistoryCommandsTest {

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ClientCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void windowsPrintsALinePerWindowOldestFirst() throws Exception {
        String series = "{\"key\":\"a b\",\"size\":\"1m\",\"windows\":[{\"start\":\"2026-12-02T20:00:00Z\",\"end\":\"2026-12-02T20:01:00Z\",\"value\":4},"
                + "{\"start\":\"2026-12-02T20:01:00Z\",\"end\":\"2026-12-02T20:02:00Z\",\"value\":0}]}";
        try (FakeApi api = new FakeApi(request -> FakeApi.Reply.json(200, series))) {
            assertThat(run("windows", "a b", "--size", "1m", "--from", "2026-12-02T20:00:00Z", "--url", api.url())).isZero();

            assertThat(out.toString()).isEqualTo("2026-12-02T20:00:00Z 4" + System.lineSeparator()
                    + "2026-12-02T20:01:00Z 0" + System.lineSeparator());
            assertThat(api.requests).singleElement().satisfies(r ->
                    assertThat(r.uri()).isEqualTo("/counter/a%20b/windows?size=1m&from=2026-12-02T20%3A00%3A00Z"));
        }
    }

    @Test
    void topPrintsTheBusiestKeysFirst() throws Exception {
        String top = "{\"window\":\"1h\",\"keys\":[{\"key\":\"hot\",\"increments\":90},{\"key\":\"warm\",\"increments\":5}],\"count\":2}";
        try (FakeApi api = new FakeApi(request -> FakeApi.Reply.json(200, top))) {
            assertThat(run("top", "-n", "2", "--window", "1h", "--url", api.url())).isZero();

            assertThat(out.toString()).isEqualTo("hot 90" + System.lineSeparator() + "warm 5" + System.lineSeparator());
            assertThat(api.requests).singleElement().satisfies(r -> assertThat(r.uri()).isEqualTo("/top?n=2&window=1h"));
        }
    }
}
