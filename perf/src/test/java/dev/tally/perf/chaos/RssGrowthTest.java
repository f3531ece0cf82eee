package dev.tally.perf.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RssGrowthTest {

    private static final Instance API = new Instance(Component.API, 1);
    private static final Instance PROCESSOR = new Instance(Component.PROCESSOR, 1);

    @Test
    void growthIsFromTheFirstWarmSampleToTheLastAndARestartedProcessCountsFromItsLastLife() {
        Map<Instance, List<RssSampler.Sample>> samples = new LinkedHashMap<>();
        samples.put(API, List.of(new RssSampler.Sample(0, 10, 100_000), new RssSampler.Sample(60, 10, 200_000),
                new RssSampler.Sample(120, 10, 210_000), new RssSampler.Sample(600, 10, 231_000)));
        // Killed at 300 s: its new life starts small and is warm 60 s later.
        samples.put(PROCESSOR, List.of(new RssSampler.Sample(0, 20, 300_000), new RssSampler.Sample(290, 20, 400_000),
                new RssSampler.Sample(310, 21, 50_000), new RssSampler.Sample(370, 21, 350_000), new RssSampler.Sample(600, 21, 357_000)));

        List<RssGrowth> rows = RssGrowth.of(samples, 60);

        assertThat(rows).extracting(RssGrowth::instance).containsExactly(API.name(), PROCESSOR.name());
        assertThat(rows.get(0).warmKb()).isEqualTo(200_000);
        assertThat(rows.get(0).growthPercent()).isEqualTo(15.5);
        assertThat(rows.get(0).restarted()).isFalse();
        assertThat(rows.get(1).warmKb()).isEqualTo(350_000);
        assertThat(rows.get(1).growthPercent()).isEqualTo(2.0);
        assertThat(rows.get(1).restarted()).isTrue();
    }

    @Test
    void theSamplerReadsAProcessResidentMemoryFromProc() {
        long self = ProcessHandle.current().pid();
        assertThat(RssSampler.rssKb(self).orElse(0)).isGreaterThan(1_000);
        RssSampler sampler = new RssSampler(List.of(API, PROCESSOR),
                instance -> instance.equals(API) ? OptionalLong.of(self) : OptionalLong.empty(), 60_000, System.nanoTime());
        sampler.sampleNow();
        assertThat(sampler.samples().get(API)).singleElement().satisfies(s -> assertThat(s.pid()).isEqualTo(self));
        assertThat(sampler.samples().get(PROCESSOR)).isEmpty();
    }
}
