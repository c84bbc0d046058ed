package io.sparsight.pipelines.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md names only keys the loader accepts: its full example parses with unknown keys rejected, and
 * every table under a heading that names a YAML section (e.g. {@code ## Motion stage (`motion`)}) lists fields of
 * that section.
 */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    /** A heading or caption that names a section: {@code ... (`cameras[i].live`)}. */
    private static final Pattern SECTION = Pattern.compile("\\(`([A-Za-z.\\[\\]]+)`\\):?\\s*$");
    /** A table row's first cell made only of backticked names: {@code | `backoffInitial`, `backoffMax` |}. */
    private static final Pattern KEY_CELL = Pattern.compile("^\\|\\s*((?:`[A-Za-z]+`(?:,\\s*)?)+)\\s*\\|");

    @Test
    void theFullExampleUsesOnlyKnownKeys() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```yaml\n");
        assertThat(start).as("the YAML example in " + DOC).isNotNegative();
        String yaml = doc.substring(start + "```yaml\n".length(), doc.indexOf("```", start + 7));
        SparsightConfig config = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(yaml, SparsightConfig.class);
        assertThat(config.cameras).isNotEmpty();
    }

    @Test
    void everySectionTableNamesFieldsOfItsSection() throws Exception {
        Map<String, List<String>> keysBySection = sectionTables(Files.readAllLines(DOC));
        assertThat(keysBySection).as("sections with tables in " + DOC)
                .containsKeys("cameras[i]", "cameras[i].live", "motion", "anomaly", "grounding", "kafka", "kafka.topics");
        for (Map.Entry<String, List<String>> section : keysBySection.entrySet()) {
            Class<?> type = typeOf(section.getKey());
            TreeSet<String> known = new TreeSet<>();
            for (Field field : type.getFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    known.add(field.getName());
                }
            }
            assertThat(known).as("keys of " + section.getKey() + " named in " + DOC).containsAll(section.getValue());
        }
    }

    private static Map<String, List<String>> sectionTables(List<String> lines) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String section = null;
        for (String line : lines) {
            Matcher heading = SECTION.matcher(line);
            if (!line.startsWith("|") && heading.find()) {
                section = heading.group(1);
                continue;
            }
            if (line.startsWith("#")) {
                section = null;
            }
            Matcher cell = KEY_CELL.matcher(line);
            if (section != null && cell.find()) {
                for (String name : cell.group(1).split(",")) {
                    keys.computeIfAbsent(section, s -> new ArrayList<>()).add(name.replace("`", "").trim());
                }
            }
        }
        return keys;
    }

    /** {@code cameras[i].live} to {@link SparsightConfig.Live}, through the fields' types. */
    private static Class<?> typeOf(String section) throws NoSuchFieldException {
        Class<?> type = SparsightConfig.class;
        for (String part : section.split("\\.")) {
            Field field = type.getField(part.replace("[i]", ""));
            type = part.endsWith("[i]")
                    ? (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0]
                    : field.getType();
        }
        return type;
    }
}
