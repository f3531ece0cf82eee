package dev.tally.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Deployment files as plain maps and lists, YAML anchors and merge keys resolved, with a path lookup. */
final class YamlDocuments {

    private YamlDocuments() {
    }

    /** The repository's root: the tests run in deploy/. */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("deploy")) ? here : here.getParent();
    }

    static Map<String, Object> load(Path file) throws IOException {
        return all(file).get(0);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> all(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new LoaderOptions()).loadAll(in)) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
        }
        return documents;
    }

    /** Every document of every .yaml file in a directory. */
    static List<Map<String, Object>> allIn(Path dir) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(all(file));
            }
        }
        return documents;
    }

    /** The value at a path of keys (maps) and indexes (lists); fails naming the path when it is missing. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (step instanceof Integer index && current instanceof List<?> list && index < list.size()) {
                current = list.get(index);
            } else if (current instanceof Map<?, ?> map && map.containsKey(step)) {
                current = map.get(step);
            } else {
                throw new AssertionError("no " + List.of(path) + " (stopped at " + step + ")");
            }
        }
        return (T) current;
    }

    /** A scalar as the text a process sees in its environment (YAML's 6 and "6" alike). */
    static String text(Object scalar) {
        return String.valueOf(scalar);
    }
}
