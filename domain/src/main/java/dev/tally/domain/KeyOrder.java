package dev.tally.domain;

import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The order of counter keys in a paged dump: by Unicode code point, which is the order of their UTF-8
 * bytes and so the order RocksDB keeps them in (Java's {@code String.compareTo} differs for characters
 * beyond U+FFFF). A page is the keys after the cursor in this order.
 */
public final class KeyOrder {

    public static final Comparator<String> CODE_POINTS = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private KeyOrder() {
    }

    /** The first {@code limit} entries with keys after {@code after} (null: from the start), in key order. */
    public static SortedMap<String, Long> page(Map<String, Long> counts, String after, int limit) {
        TreeMap<String, Long> sorted = new TreeMap<>(CODE_POINTS);
        sorted.putAll(counts);
        SortedMap<String, Long> from = after == null ? sorted : sorted.tailMap(after, false);
        TreeMap<String, Long> page = new TreeMap<>(CODE_POINTS);
        for (Map.Entry<String, Long> entry : from.entrySet()) {
            if (page.size() >= limit) {
                break;
            }
            page.put(entry.getKey(), entry.getValue());
        }
        return page;
    }
}
