package io.flinkalexnet.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.jobs.config.JobConfiguration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** docker/compose.yml checked against the job image and the jobs: its image, topics, volumes and submitted jobs. */
class ComposeFileTest {

    private static final Path COMPOSE = YamlFiles.repository().resolve("docker/compose.yml");
    private static final JsonNode SERVICES = YamlFiles.document(COMPOSE).path("services");
    private static final List<String> FLINK_SERVICES = List.of("jobmanager", "taskmanager", "submitter");

    /** One {@code flink run} of the submitter. */
    private record FlinkRun(String entryClass, String jar, List<String> args) {
    }

    @Test
    void flinkServicesRunTheJobImageBuiltFromItsDockerfile() {
        for (String name : FLINK_SERVICES) {
            JsonNode service = SERVICES.path(name);
            Path context = COMPOSE.resolveSibling(service.path("build").path("context").asText()).normalize();

            assertThat(context.resolve(service.path("build").path("dockerfile").asText()))
                    .as("the Dockerfile of %s", name).isEqualTo(DockerfilesTest.JOB_IMAGE);
            assertThat(service.path("image").asText()).as("the image of %s", name)
                    .isEqualTo(SERVICES.path("jobmanager").path("image").asText());
        }
    }

    @Test
    void topicsItCreatesAreTheDefaultTopicsOfTheJobsItSubmits() {
        Set<String> created = new TreeSet<>();
        for (String topic : SERVICES.path("topics").path("environment").path("TOPICS").asText().split("\\s+")) {
            created.add(topic.substring(0, topic.indexOf(':')));
        }
        Set<String> defaults = new TreeSet<>();
        for (FlinkRun run : submittedJobs()) {
            defaults.addAll(JobOptionsClass.of(run.entryClass()).defaultTopics().values());
        }

        assertThat(created).isEqualTo(defaults);
    }

    @Test
    void submitterRunsClassesOfTheJobJarInTheImageWithOptionsTheyAccept() throws IOException {
        List<FlinkRun> runs = submittedJobs();

        assertThat(runs).extracting(FlinkRun::entryClass)
                .containsExactly("io.flinkalexnet.jobs.TrainingJob", "io.flinkalexnet.jobs.InferenceJob");
        try (JarFile jar = new JarFile(System.getProperty("flink.jobs.jar"))) {
            for (FlinkRun run : runs) {
                assertThat(run.jar()).isEqualTo(DockerfilesTest.jobJarInImage());
                assertThat(jar.getEntry(run.entryClass().replace('.', '/') + ".class"))
                        .as("%s in the job jar", run.entryClass()).isNotNull();
                JobOptionsClass.of(run.entryClass()).parse(Map.of(), run.args());
            }
        }
    }

    @Test
    void checkpointsSavepointsAndModelsAreKeptInVolumes() {
        Map<String, String> flinkProperties = new LinkedHashMap<>();
        for (String line : SERVICES.path("jobmanager").path("environment").path("FLINK_PROPERTIES").asText()
                .split("\n")) {
            String[] entry = line.split(":\\s*", 2);
            flinkProperties.put(entry[0].trim(), entry[1].trim());
        }
        List<String> training = submittedJobs().get(0).args();
        List<String> folders = List.of(
                flinkProperties.get("execution.checkpointing.dir"),
                flinkProperties.get("execution.checkpointing.savepoint-dir"),
                training.get(training.indexOf(JobConfiguration.argument(TrainingJobOptions.MODEL_STORE)) + 1));
        Set<String> volumes = new TreeSet<>();
        YamlFiles.document(COMPOSE).path("volumes").fieldNames().forEachRemaining(volumes::add);

        for (String name : FLINK_SERVICES) {
            List<String> mounts = new ArrayList<>();
            SERVICES.path(name).path("volumes").forEach(volume -> mounts.add(volume.asText()));
            for (String folder : folders) {
                assertThat(folder).startsWith("file:///");
                String path = folder.substring("file://".length());
                assertThat(mounts).as("%s mounts a named volume on %s", name, path)
                        .anyMatch(mount -> mount.endsWith(":" + path)
                                && volumes.contains(mount.substring(0, mount.indexOf(':'))));
            }
        }
    }

    /** The {@code flink run} commands of the submitter's script, in order. */
    private static List<FlinkRun> submittedJobs() {
        JsonNode command = SERVICES.path("submitter").path("command");
        String script = command.get(command.size() - 1).asText().replace("\\\n", " ");
        List<FlinkRun> runs = new ArrayList<>();
        for (String line : script.split("\n")) {
            List<String> tokens = Arrays.asList(line.trim().split("\\s+"));
            if (tokens.size() > 2 && tokens.get(0).equals("flink") && tokens.get(1).equals("run")) {
                int jar = tokens.indexOf(tokens.stream().filter(token -> token.endsWith(".jar")).findFirst()
                        .orElseThrow(() -> new AssertionError("flink run without a jar: " + line)));
                runs.add(new FlinkRun(tokens.get(tokens.indexOf("-c") + 1), tokens.get(jar),
                        tokens.subList(jar + 1, tokens.size())));
            }
        }
        return runs;
    }
}
