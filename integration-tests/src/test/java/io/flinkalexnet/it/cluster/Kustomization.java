package io.flinkalexnet.it.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code kubectl kustomize} makes of a folder, for the features the project's kustomizations use: resources
 * (files and folders), patches (merged into the resource of the same kind and name), the namespace, and images set at
 * the paths that the {@code configurations} files name.
 */
final class Kustomization {

    private Kustomization() {
    }

    /** The resources the kustomization in {@code folder} produces. */
    static List<JsonNode> build(Path folder) {
        JsonNode kustomization = YamlFiles.document(folder.resolve("kustomization.yaml"));
        List<JsonNode> resources = new ArrayList<>();
        List<JsonNode> imagePaths = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path resource = folder.resolve(entry.asText()).normalize();
            resources.addAll(Files.isDirectory(resource) ? build(resource) : YamlFiles.documents(resource));
        }
        for (JsonNode entry : kustomization.path("patches")) {
            JsonNode patch = YamlFiles.document(folder.resolve(entry.path("path").asText()));
            int target = indexOf(resources, patch.path("kind").asText(), patch.path("metadata").path("name").asText());
            if (target < 0) {
                throw new AssertionError(folder + ": the patch " + entry.path("path").asText() + " targets "
                        + patch.path("kind").asText() + " " + patch.path("metadata").path("name").asText()
                        + ", which its resources do not hold.");
            }
            resources.set(target, YamlFiles.mergePatch(resources.get(target), patch));
        }
        if (kustomization.has("namespace")) {
            resources.forEach(resource -> ((ObjectNode) resource.path("metadata"))
                    .put("namespace", kustomization.path("namespace").asText()));
        }
        collectImagePaths(folder, imagePaths);
        for (JsonNode image : kustomization.path("images")) {
            setImages(resources, imagePaths, image);
        }
        return resources;
    }

    /** The resource of this kind and name. */
    static JsonNode find(List<JsonNode> resources, String kind, String name) {
        int index = indexOf(resources, kind, name);
        if (index < 0) {
            throw new AssertionError("No " + kind + " " + name + " among the resources.");
        }
        return resources.get(index);
    }

    /** The resources of this kind. */
    static List<JsonNode> ofKind(List<JsonNode> resources, String kind) {
        return resources.stream().filter(resource -> resource.path("kind").asText().equals(kind)).toList();
    }

    private static int indexOf(List<JsonNode> resources, String kind, String name) {
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            if (resource.path("kind").asText().equals(kind)
                    && resource.path("metadata").path("name").asText().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The image fields ({@code kind} and {@code path}) that this kustomization's and its bases' configurations add. */
    private static void collectImagePaths(Path folder, List<JsonNode> imagePaths) {
        JsonNode kustomization = YamlFiles.document(folder.resolve("kustomization.yaml"));
        for (JsonNode configuration : kustomization.path("configurations")) {
            YamlFiles.document(folder.resolve(configuration.asText())).path("images").forEach(imagePaths::add);
        }
        for (JsonNode entry : kustomization.path("resources")) {
            Path resource = folder.resolve(entry.asText()).normalize();
            if (Files.isDirectory(resource)) {
                collectImagePaths(resource, imagePaths);
            }
        }
    }

    private static void setImages(List<JsonNode> resources, List<JsonNode> imagePaths, JsonNode image) {
        for (JsonNode resource : resources) {
            for (JsonNode imagePath : imagePaths) {
                if (!resource.path("kind").asText().equals(imagePath.path("kind").asText())) {
                    continue;
                }
                String[] path = imagePath.path("path").asText().split("/");
                JsonNode parent = resource;
                for (int i = 0; i < path.length - 1; i++) {
                    parent = parent.path(path[i]);
                }
                String current = parent.path(path[path.length - 1]).asText();
                String name = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
                if (parent.isObject() && name.equals(image.path("name").asText())) {
                    String newName = image.path("newName").asText(name);
                    String tag = image.has("newTag") ? image.path("newTag").asText()
                            : current.substring(current.lastIndexOf(':') + 1);
                    ((ObjectNode) parent).put(path[path.length - 1], newName + ":" + tag);
                }
            }
        }
    }
}
