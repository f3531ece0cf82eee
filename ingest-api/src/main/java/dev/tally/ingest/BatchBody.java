package dev.tally.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tally.domain.Consistency;
import dev.tally.domain.Json;
import dev.tally.server.http.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /counters/increments}: a JSON array of {@code {"key": …, "by": …,
 * "idempotencyKey": …}} objects, or the same objects one per line (NDJSON), told apart by the
 * Content-Type. A malformed item becomes that item's error; only a body that is not a list of items
 * at all (or too long) refuses the whole request.
 */
final class BatchBody {

    /** One item of the batch: its position (from 0) and either the validated increment or why it was refused. */
    record Item(int index, IncrementRequest request, ApiException problem) {
    }

    private static final Set<String> FIELDS = Set.of("key", "by", "idempotencyKey");

    /** One line is one item: {@code {"key":"a"}{"key":"b"}} on a line is refused, not read as its first object. */
    private static final ObjectReader ONE_VALUE_PER_LINE = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private BatchBody() {
    }

    static boolean isNdjson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/x-ndjson") || type.equals("application/ndjson") || type.equals("application/jsonl");
    }

    /**
     * @throws ApiException 400 {@code invalid_body} / {@code empty_batch}, 413 {@code too_many_items}
     */
    static List<Item> parse(byte[] body, boolean ndjson, Consistency level, int maxItems) {
        List<Item> items = ndjson ? lines(body, level, maxItems) : array(body, level, maxItems);
        if (items.isEmpty()) {
            throw ApiException.badRequest("empty_batch", "the batch holds no increments");
        }
        return items;
    }

    private static List<Item> array(byte[] body, Consistency level, int maxItems) {
        List<Item> items = new ArrayList<>();
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw ApiException.badRequest("empty_batch", "the body is empty; send a JSON array of {\"key\": …, \"by\": …}"
                        + " objects, or one object per line with Content-Type: application/x-ndjson");
            }
            if (first != JsonToken.START_ARRAY) {
                throw ApiException.badRequest("invalid_body", "the body must be a JSON array of {\"key\": …, \"by\": …} objects"
                        + " (or one object per line with Content-Type: application/x-ndjson)");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                checkCount(items.size(), maxItems);
                JsonNode node = parser.readValueAsTree();
                items.add(item(items.size(), node, level));
            }
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("invalid_body", "unexpected content after the JSON array");
            }
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_body", "the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        return items;
    }

    private static List<Item> lines(byte[] body, Consistency level, int maxItems) {
        List<Item> items = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue; // a trailing newline, or blank lines between items
            }
            checkCount(items.size(), maxItems);
            int index = items.size();
            JsonNode node;
            try {
                node = ONE_VALUE_PER_LINE.readTree(line);
            } catch (IOException e) {
                items.add(new Item(index, null, ApiException.badRequest("invalid_item",
                        "line " + (index + 1) + " is not one JSON object: " + firstLine(e.getMessage()))));
                continue;
            }
            items.add(item(index, node, level));
        }
        return items;
    }

    private static void checkCount(int itemsSoFar, int maxItems) {
        if (itemsSoFar >= maxItems) {
            throw new ApiException(413, "too_many_items", "a batch holds at most " + maxItems
                    + " increments (BATCH_MAX_ITEMS); split it").withDetail("max_items", maxItems);
        }
    }

    /** The same rules as the single endpoint's path, query and header, through the same {@link IncrementRequest#of}. */
    private static Item item(int index, JsonNode node, Consistency level) {
        try {
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("invalid_item", "an item must be a JSON object {\"key\": …, \"by\": …}");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    // A misspelt "by" silently counting 1 would be worse than a refusal.
                    throw ApiException.badRequest("invalid_item", "unknown field \"" + IncrementRequest.abbreviate(name)
                            + "\"; an item has key, by (optional) and idempotencyKey (optional)");
                }
            }
            JsonNode key = node.get("key");
            if (key == null || !key.isTextual()) {
                throw ApiException.badRequest("invalid_key", "an item needs a \"key\" string");
            }
            return new Item(index, IncrementRequest.of(key.asText(), scalar(node.get("by"), "invalid_by", "by"), level,
                    scalar(node.get("idempotencyKey"), "invalid_idempotency_key", "idempotencyKey")), null);
        } catch (ApiException e) {
            return new Item(index, null, e);
        }
    }

    /** A number or string field as text for the shared parsers; absent or null is null (the default). */
    private static String scalar(JsonNode value, String error, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.isBoolean()) {
            throw ApiException.badRequest(error, field + " must be " + ("by".equals(field) ? "a non-zero 64-bit integer" : "a string"));
        }
        return value.asText();
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return IncrementRequest.abbreviate(line);
    }
}
