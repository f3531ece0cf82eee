package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.compose.kafka.TopicSetup;
import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code kafka-topics.sh --create} lines of a deployment file's topic set-up, checked against the
 * layout the launcher creates (TopicSetup, StackSpec.DEFAULT): the same topics, partitions,
 * replication factor, write quorum and retention.
 */
final class TopicCommands {

    /** One {@code kafka-topics.sh --create} line: its {@code --topic}, {@code --partitions}, … and {@code --config name=value}s. */
    record Create(String topic, String partitions, String replicationFactor, Map<String, String> configs) {
    }

    private TopicCommands() {
    }

    static List<Create> parse(String script, Map<String, String> variables) {
        List<Create> creates = new ArrayList<>();
        for (String line : script.split("\n")) {
            if (!line.contains("--create")) {
                continue;
            }
            Map<String, String> options = new LinkedHashMap<>();
            Map<String, String> configs = new TreeMap<>();
            String[] words = line.strip().split("\\s+");
            for (int i = 0; i < words.length - 1; i++) {
                String value = resolve(words[i + 1], variables);
                if (words[i].equals("--config")) {
                    String[] pair = value.split("=", 2);
                    configs.put(pair[0], resolve(pair[1], variables));
                } else if (words[i].startsWith("--")) {
                    options.put(words[i], value);
                }
            }
            creates.add(new Create(options.get("--topic"), options.get("--partitions"), options.get("--replication-factor"), configs));
        }
        return creates;
    }

    /** Asserts the lines make exactly the launcher's topics with its layout. */
    static void assertLikeTheLauncher(List<Create> creates) {
        StackSpec spec = StackSpec.DEFAULT;
        assertThat(creates).extracting(Create::topic).containsExactlyInAnyOrder(Topics.INCREMENTS, Topics.EXCESS, Topics.DEAD_LETTERS);
        for (Create create : creates) {
            Map<String, String> configs = new TreeMap<>(TopicSetup.retention(create.topic()));
            configs.put("min.insync.replicas", Integer.toString(spec.minInsyncReplicas()));
            assertThat(create).as(create.topic()).isEqualTo(new Create(create.topic(), Integer.toString(spec.partitions()),
                    Integer.toString(spec.replicationFactor()), configs));
        }
    }

    /** {@code "$NAME"}, {@code $NAME} or {@code min.insync.replicas="$NAME"}: a shell variable the file sets elsewhere. */
    private static String resolve(String word, Map<String, String> variables) {
        String unquoted = word.replace("\"", "");
        if (unquoted.startsWith("$")) {
            String name = unquoted.substring(1);
            assertThat(variables).as("the value of $" + name).containsKey(name);
            return variables.get(name);
        }
        return unquoted;
    }
}
