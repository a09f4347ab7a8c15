package io.flinkalexnet.it.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files as JSON trees: YAML documents read as Kubernetes and Compose read them (anchors, aliases and
 * merge keys resolved), Flink's structured configuration flattened to keys, and patches applied as kustomize does.
 */
final class YamlFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private YamlFiles() {
    }

    /** The repository's root folder, which the build passes as {@code repository.root}. */
    static Path repository() {
        String root = System.getProperty("repository.root");
        if (root == null) {
            throw new IllegalStateException("System property repository.root is not set: run the deployment tests"
                    + " through Maven (mvn -pl integration-tests -am verify), which sets it.");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** Every document of a YAML file, in order; empty documents are left out. */
    static List<JsonNode> documents(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document != null) {
                    documents.add(JSON.valueToTree(document));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return documents;
    }

    /** The single document of a YAML file. */
    static JsonNode document(Path file) {
        List<JsonNode> documents = documents(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " holds " + documents.size() + " YAML documents instead of one.");
        }
        return documents.get(0);
    }

    /**
     * A nested configuration as Flink reads it: nested keys joined with dots, as in {@code config.yaml} and the
     * operator's structured {@code flinkConfiguration}; keys that already hold dots are kept whole.
     */
    static Map<String, String> flatten(JsonNode configuration) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", configuration, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), flat);
            }
        } else {
            flat.put(prefix, node.asText());
        }
    }

    /**
     * The target with the patch applied as kustomize applies a patch to a custom resource, whose schema it does not
     * know (a JSON merge patch, RFC 7386): objects merge key by key, anything else, lists included, is replaced, and
     * null removes.
     */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject() || !target.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode merged = ((ObjectNode) target).deepCopy();
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                merged.remove(field.getKey());
            } else {
                JsonNode existing = merged.get(field.getKey());
                merged.set(field.getKey(), existing == null
                        ? field.getValue().deepCopy() : mergePatch(existing, field.getValue()));
            }
        });
        return merged;
    }
}
