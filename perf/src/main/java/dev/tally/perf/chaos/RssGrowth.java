package dev.tally.perf.chaos;

import dev.tally.compose.stack.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per process, its RSS once warm (the first sample at or after the warm-up) and at the end (the last
 * sample), and the growth between them. A process restarted during the run is compared over its last
 * life only (from its first warm sample under its last pid), and marked so.
 *
 * @param growthPercent (end - warm) / warm × 100
 */
record RssGrowth(String instance, long warmKb, long endKb, double growthPercent, boolean restarted, int samples) {

    static List<RssGrowth> of(Map<Instance, List<RssSampler.Sample>> samples, double warmUpSeconds) {
        List<RssGrowth> rows = new ArrayList<>();
        samples.forEach((instance, list) -> {
            if (list.isEmpty()) {
                return;
            }
            RssSampler.Sample last = list.get(list.size() - 1);
            List<RssSampler.Sample> lastLife = list.stream().filter(s -> s.pid() == last.pid()).toList();
            double lifeStart = lastLife.get(0).atSeconds();
            RssSampler.Sample warm = lastLife.stream().filter(s -> s.atSeconds() >= lifeStart + warmUpSeconds)
                    .findFirst().orElse(last);
            boolean restarted = lastLife.size() < list.size();
            rows.add(new RssGrowth(instance.name(), warm.rssKb(), last.rssKb(),
                    warm.rssKb() == 0 ? 0 : 100.0 * (last.rssKb() - warm.rssKb()) / warm.rssKb(), restarted, list.size()));
        });
        return rows;
    }
}
