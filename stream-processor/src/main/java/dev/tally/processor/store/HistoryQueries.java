package dev.tally.processor.store;

import dev.tally.domain.wire.LocalWindows;
import dev.tally.processor.history.TopKeyPeriods;
import dev.tally.processor.history.WindowSize;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.WindowParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The configured windows as the reads name them, and the shapes of their answers. */
final class HistoryQueries {

    private final List<WindowSize> windows;
    private final TopKeyPeriods periods;

    HistoryQueries(List<WindowSize> windows) {
        this.windows = windows;
        this.periods = new TopKeyPeriods(windows);
    }

    /** @throws ApiException 400 {@code unknown_window_size} for a size not in WINDOWS */
    WindowSize size(String name) {
        return windows.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow(() -> unknown(name));
    }

    /** @param window null for the recent period */
    TopKeyPeriods.Period period(String window) {
        return periods.named(window).orElseThrow(() -> unknown(window));
    }

    /** Every window of the range, 0 where the store has none. */
    static List<LocalWindows.WindowCount> series(WindowParams.Range range, Map<Long, Long> stored) {
        List<LocalWindows.WindowCount> series = new ArrayList<>();
        for (long start = range.firstStart(); start <= range.lastStart(); start += range.sizeMs()) {
            series.add(new LocalWindows.WindowCount(start, stored.getOrDefault(start, 0L)));
        }
        return series;
    }

    /** The busiest keys, busiest first (the map keeps that order). */
    static Map<String, Long> topOf(List<Map.Entry<String, String>> stored, TopKeyPeriods.Period period, long nowMs, int n) {
        Map<String, Long> top = new LinkedHashMap<>();
        TopKeyPeriods.top(stored, period, nowMs, n).forEach(entry -> top.put(entry.getKey(), entry.getValue()));
        return top;
    }

    private ApiException unknown(String name) {
        return ApiException.badRequest("unknown_window_size", windows.isEmpty()
                ? "windows are off on this processor (WINDOWS is not set)"
                : "no windows of size \"" + name + "\" are kept; WINDOWS is "
                + windows.stream().map(WindowSize::name).collect(Collectors.joining(",")));
    }
}
