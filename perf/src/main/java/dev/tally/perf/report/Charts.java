package dev.tally.perf.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The PNG charts of the perf suite, all in one look: white background, title, both axes titled
 * with their units, legend outside the plot, values printed on bars so a chart reads without a ruler.
 */
public final class Charts {

    static {
        // Charts are drawn on servers and in CI, where there is no display.
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;

    private Charts() {
    }

    /**
     * A bar chart: one group of bars per category, one bar per series in each group.
     *
     * @param series series name → one value per category, in the order of {@code categories}
     * @return the PNG written ({@code file}, with ".png" added if missing)
     */
    public static Path bars(String title, String xAxis, String yAxis, List<String> categories,
                            Map<String, ? extends List<? extends Number>> series, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        style(chart.getStyler());
        chart.getStyler().setLabelsVisible(true);
        // Values on the bars at most to one decimal: "23.2", not "23.200000000000003".
        chart.getStyler().setDecimalPattern("#,##0.#");
        // Long category names would run into each other side by side.
        int widest = categories.stream().mapToInt(String::length).max().orElse(0);
        if (widest * categories.size() > 100) {
            chart.getStyler().setXAxisLabelRotation(30);
        }
        chart.getStyler().setLegendVisible(series.size() > 1);
        series.forEach((name, values) -> {
            if (values.size() != categories.size()) {
                throw new IllegalArgumentException("series " + name + " has " + values.size() + " values for "
                        + categories.size() + " categories");
            }
            chart.addSeries(name, categories, values);
        });
        return save(chart, file);
    }

    /**
     * Lines over a numeric x axis, for latency percentiles and time series.
     *
     * @param series series name → points as {x values, y values}
     */
    public static Path lines(String title, String xAxis, String yAxis, Map<String, double[][]> series, Path file)
            throws IOException {
        XYChart chart = xyChart(title, xAxis, yAxis);
        series.forEach((name, points) -> chart.addSeries(name, points[0], points[1]));
        return save(chart, file);
    }

    /**
     * Lines with markers over logarithmic axes, for curves whose points span decades (latency against
     * throughput from 250/s up to the knee). Every value must be positive.
     *
     * @param series series name → points as {x values, y values}
     */
    public static Path logLines(String title, String xAxis, String yAxis, Map<String, double[][]> series, Path file)
            throws IOException {
        XYChart chart = xyChart(title, xAxis, yAxis);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        series.forEach((name, points) -> {
            for (double[] axis : points) {
                for (double value : axis) {
                    if (!(value > 0)) {
                        throw new IllegalArgumentException("series " + name + " has " + value + " on a logarithmic axis");
                    }
                }
            }
            chart.addSeries(name, points[0], points[1]);
        });
        return save(chart, file);
    }

    private static XYChart xyChart(String title, String xAxis, String yAxis) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        style(chart.getStyler());
        return chart;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setAntiAlias(true);
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        Path png = file.toString().endsWith(".png") ? file : file.resolveSibling(file.getFileName() + ".png");
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        // saveBitmap appends the extension itself.
        String withoutExtension = png.toString().substring(0, png.toString().length() - ".png".length());
        BitmapEncoder.saveBitmap(chart, withoutExtension, BitmapEncoder.BitmapFormat.PNG);
        return png;
    }
}
