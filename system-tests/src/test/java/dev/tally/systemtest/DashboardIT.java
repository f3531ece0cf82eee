package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.compose.stack.Instance;
import dev.tally.systemtest.support.HeadlessChromium;
import dev.tally.systemtest.support.OnSharedStack;
import dev.tally.systemtest.support.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The live dashboard at {@code /}, in a real browser (headless chromium) on a running stack. */
class DashboardIT extends OnSharedStack {

    /** Where the run leaves a picture of the page (docs/dashboard.png is one of these). */
    private static final Path SCREENSHOT = Path.of("target", "dashboard-it.png");

    @Test
    void thePageShowsIncrementsAsTheyAreAcceptedAndAKilledProcessorAsDownUntilItIsBack() throws Exception {
        try (HeadlessChromium page = HeadlessChromium.start()) {
            page.open(stack.spec().apiUrl() + "/");
            long before = await("the page shows its figures").atMost(Duration.ofSeconds(15))
                    .until(() -> figure(page, "increments-total"), n -> n >= 0);

            String key = key("watched");
            for (int i = 0; i < 5; i++) {
                assertThat(stack.client().increment(key).status()).isEqualTo(202);
            }
            // The page refreshes by itself: the 5 show up in the total of the replicas' accepted increments.
            await("the page counted the 5 increments").atMost(Duration.ofSeconds(10))
                    .until(() -> figure(page, "increments-total"), n -> n >= before + 5);

            Instance victim = TestStack.processor(2);
            String state = "document.querySelector('tr[data-processor$=\":" + stack.spec().processorPort(victim.id())
                    + "\"] td:nth-child(2)')?.textContent";
            assertThat(page.evaluate(state)).isEqualTo("up");
            stack.stack().kill(victim);
            try {
                await("the page shows the killed processor down").atMost(Duration.ofSeconds(15))
                        .until(() -> "down".equals(page.evaluate(state)));
            } finally {
                stack.stack().start(victim);
            }
            await("the page shows the restarted processor up").atMost(Duration.ofSeconds(60))
                    .until(() -> "up".equals(page.evaluate(state)));

            page.screenshot(SCREENSHOT);
            assertThat(page.errors()).as("what the browser reported as errors").isEmpty();
        }
    }

    /** A figure of the page by its element id; -1 while it shows none yet. */
    private static long figure(HeadlessChromium page, String id) throws Exception {
        Object text = page.evaluate("document.getElementById('" + id + "')?.textContent");
        return text == null || !text.toString().matches("\\d+") ? -1 : Long.parseLong(text.toString());
    }
}
