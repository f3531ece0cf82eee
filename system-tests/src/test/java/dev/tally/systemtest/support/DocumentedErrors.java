package dev.tally.systemtest.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The error codes the API documents: in docs/api.md's error table and in the OpenAPI document's responses. */
public final class DocumentedErrors {

    private static final Pattern CODE = Pattern.compile("`([a-z][a-z_]+)`");
    private static final Pattern EXAMPLE_CODE = Pattern.compile("\"error\": \"([a-z_]+)\"");

    private DocumentedErrors() {
    }

    public static Set<String> codes(Path projectRoot) throws IOException {
        Set<String> codes = new TreeSet<>();
        for (String line : Files.readAllLines(projectRoot.resolve("docs/api.md"))) {
            if (line.matches("\\| [45]\\d\\d.*")) {
                String codesColumn = line.split("\\|")[2];
                Matcher m = CODE.matcher(codesColumn);
                while (m.find()) {
                    codes.add(m.group(1));
                }
            }
        }
        String openApi = Files.readString(projectRoot.resolve("docs/openapi.json"));
        Matcher described = Pattern.compile("Error codes?: ([^\"]*)\"").matcher(openApi);
        while (described.find()) {
            Matcher m = CODE.matcher(described.group(1));
            while (m.find()) {
                codes.add(m.group(1));
            }
        }
        Matcher examples = EXAMPLE_CODE.matcher(openApi);
        while (examples.find()) {
            codes.add(examples.group(1));
        }
        return codes;
    }
}
