package dev.tally.perf;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A command's options as it ran (defaults included), for its JSON report: every figure says how it was made. */
public final class OptionValues {

    private OptionValues() {
    }

    public static Map<String, Object> of(CommandSpec command) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (OptionSpec option : command.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            Object value = option.getValue();
            values.put(option.longestName().replaceFirst("^-+", ""), value instanceof Path path ? path.toString() : value);
        }
        return values;
    }
}
