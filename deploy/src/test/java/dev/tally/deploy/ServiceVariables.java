package dev.tally.deploy;

import dev.tally.api.ApiServerConfig;
import dev.tally.processor.ProcessorConfig;
import dev.tally.server.Env;
import dev.tally.server.LogFormat;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The environment variables each service reads, found by letting its configuration record read an
 * environment that writes down every name it is asked for, so a deployment file can be checked
 * against the code instead of against a list kept by hand.
 */
final class ServiceVariables {

    private ServiceVariables() {
    }

    static Set<String> processor() {
        return askedBy(ProcessorConfig::fromEnv);
    }

    static Set<String> api() {
        return askedBy(ApiServerConfig::fromEnv);
    }

    private static Set<String> askedBy(Consumer<Env> configuration) {
        Set<String> asked = new TreeSet<>();
        // Every variable unset: the record takes its defaults and asks for each name once.
        Map<String, String> recording = new AbstractMap<>() {
            @Override
            public String get(Object name) {
                asked.add((String) name);
                return null;
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
                return Set.of();
            }
        };
        configuration.accept(new Env(recording));
        // Read by the logging set-up of every service process, before any record.
        asked.add(LogFormat.VARIABLE);
        return asked;
    }
}
