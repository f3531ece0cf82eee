package dev.tally.perf.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void aBarChartIsWrittenAsAReadablePng() throws Exception {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("ops/s", List.of(3000.0, 2000.0, 1500.0));

        Path png = Charts.bars("Throughput", "replication factor", "operations per second",
                List.of("1", "3", "5"), series, dir.resolve("replication"));

        assertThat(png.getFileName().toString()).isEqualTo("replication.png");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(540);
    }

    @Test
    void aLineChartIsWrittenAsAPng() throws Exception {
        Path png = Charts.lines("Latency", "percentile", "milliseconds",
                Map.of("increments", new double[][] {{50, 90, 99}, {1.0, 2.0, 9.0}}), dir.resolve("latency.png"));

        assertThat(ImageIO.read(png.toFile())).isNotNull();
    }

    @Test
    void aSeriesWithTheWrongNumberOfValuesIsRefused() {
        assertThatThrownBy(() -> Charts.bars("t", "x", "y", List.of("a", "b"), Map.of("s", List.of(1)), dir.resolve("bad")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 values for 2 categories");
    }

    @Test
    void aCurveOverLogarithmicAxesIsWrittenAndRefusesAZero() throws Exception {
        Path png = Charts.logLines("Latency against throughput", "achieved per second", "ms",
                Map.of("single p99", new double[][] {{250, 500, 8_000}, {3.0, 4.0, 900.0}}), dir.resolve("curve.png"));

        assertThat(ImageIO.read(png.toFile())).isNotNull();
        assertThatThrownBy(() -> Charts.logLines("t", "x", "y", Map.of("s", new double[][] {{0, 1}, {1, 1}}), dir.resolve("zero")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logarithmic");
    }
}
