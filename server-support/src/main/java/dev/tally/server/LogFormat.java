package dev.tally.server;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Picks the appender of logback.xml from {@code LOG_FORMAT}: {@code json} gives one JSON object per
 * line (logback's JsonEncoder), anything else, or nothing, the human-readable lines. A value logback
 * could not resolve to an appender would silence the process, so the choice is made here, not by
 * substituting the raw variable into an appender reference.
 */
public final class LogFormat extends PropertyDefinerBase {

    public static final String VARIABLE = "LOG_FORMAT";
    static final String JSON = "JSON";
    static final String TEXT = "TEXT";

    /** The environment variable, or a system property of the same name (which wins: tests set it). */
    @Override
    public String getPropertyValue() {
        return appenderFor(System.getProperty(VARIABLE, System.getenv(VARIABLE)));
    }

    static String appenderFor(String format) {
        return format != null && format.strip().toLowerCase(Locale.ROOT).equals("json") ? JSON : TEXT;
    }
}
