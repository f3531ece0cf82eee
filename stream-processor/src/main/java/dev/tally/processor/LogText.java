package dev.tally.processor;

/** How record contents are shown in a log line: keys and values come from anyone who can produce. */
public final class LogText {

    private LogText() {
    }

    /** The key as a log can show it: quoted, cut at 80 characters, control characters escaped. */
    public static String printable(String key) {
        if (key == null) {
            return "null";
        }
        return '"' + escaped(key.length() <= 80 ? key : key.substring(0, 80) + "…") + '"';
    }

    /** Record contents may hold line breaks; a log line must not. */
    public static String escaped(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
