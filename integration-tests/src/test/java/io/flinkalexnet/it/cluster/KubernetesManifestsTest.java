package io.flinkalexnet.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.InferenceJob;
import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.TrainingJob;
import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import io.flinkalexnet.model.nn.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests checked as the operator and Strimzi would read them, and against what the jobs and the
 * images define: each overlay is built as kustomize builds it, and its FlinkDeployments' options are parsed by the
 * jobs' own options classes.
 */
class KubernetesManifestsTest {

    private static final Path K8S = YamlFiles.repository().resolve("k8s");
    private static final List<String> OVERLAYS = List.of("cpu", "gpu");
    private static final String TRAINING_JOB = TrainingJob.class.getName();
    private static final String INFERENCE_JOB = InferenceJob.class.getName();
    /** The operator's order of a FlinkDeployment's fields, which the manifests keep. */
    private static final List<String> SPEC_ORDER = List.of("image", "imagePullPolicy", "flinkVersion",
            "flinkConfiguration", "serviceAccount", "jobManager", "taskManager", "podTemplate", "job");
    /** The topic options each job reads from and writes to, for the Kafka user's ACLs. */
    private static final Map<String, List<String>> READS = Map.of(
            TRAINING_JOB, List.of(TrainingJobOptions.TRAINING_TOPIC.key()),
            INFERENCE_JOB, List.of(InferenceJobOptions.INFERENCE_TOPIC.key(), AlexnetOptions.MODELS_TOPIC.key()));
    private static final Map<String, List<String>> WRITES = Map.of(
            TRAINING_JOB, List.of(AlexnetOptions.DEAD_LETTER_TOPIC.key(), AlexnetOptions.MODELS_TOPIC.key()),
            INFERENCE_JOB, List.of(InferenceJobOptions.PREDICTIONS_TOPIC.key(),
                    AlexnetOptions.DEAD_LETTER_TOPIC.key()));
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{secrets:(/[^:]+):[^}]+}");

    @Test
    void everyManifestIsAResourceWithKindAndName() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            List<Path> manifests = files.filter(file -> file.toString().endsWith(".yaml")).toList();
            assertThat(manifests).hasSizeGreaterThan(5);
            for (Path manifest : manifests) {
                for (JsonNode document : YamlFiles.documents(manifest)) {
                    if (manifest.getFileName().toString().equals("kustomizeconfig.yaml")) {
                        assertThat(document.path("images").isArray()).as(manifest.toString()).isTrue();
                        continue;
                    }
                    assertThat(document.path("apiVersion").asText()).as("apiVersion of %s", manifest).isNotBlank();
                    assertThat(document.path("kind").asText()).as("kind of %s", manifest).isNotBlank();
                    if (!document.path("kind").asText().equals("Kustomization")) {
                        assertThat(document.path("metadata").path("name").asText()).as("name in %s", manifest)
                                .isNotBlank();
                    }
                }
            }
        }
    }

    @Test
    void kustomizationsNameFilesThatExist() {
        for (String folder : List.of("base", "overlays/cpu", "overlays/gpu", "overlays/monitoring")) {
            JsonNode kustomization = YamlFiles.document(K8S.resolve(folder).resolve("kustomization.yaml"));
            List<String> files = new ArrayList<>();
            kustomization.path("resources").forEach(entry -> files.add(entry.asText()));
            kustomization.path("patches").forEach(entry -> files.add(entry.path("path").asText()));
            kustomization.path("configurations").forEach(entry -> files.add(entry.asText()));
            assertThat(files).as(folder).isNotEmpty()
                    .allSatisfy(file -> assertThat(K8S.resolve(folder).resolve(file)).exists());
        }
    }

    @Test
    void flinkDeploymentsHaveTheFieldsTheOperatorRequires() {
        for (String overlay : OVERLAYS) {
            for (JsonNode deployment : flinkDeployments(overlay)) {
                String name = overlay + "/" + deployment.path("metadata").path("name").asText();
                JsonNode spec = deployment.path("spec");
                assertThat(deployment.path("apiVersion").asText()).as(name).isEqualTo("flink.apache.org/v1beta1");
                assertThat(spec.path("image").asText()).as("image of %s", name).isNotBlank();
                assertThat(spec.path("flinkVersion").asText()).as("flinkVersion of %s", name)
                        .isEqualTo("v" + EnvironmentInformation.getVersion().replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"));
                assertThat(spec.path("serviceAccount").asText()).as("serviceAccount of %s", name).isNotBlank();
                for (String process : List.of("jobManager", "taskManager")) {
                    assertThat(spec.path(process).path("resource").path("memory").asText())
                            .as("%s memory of %s", process, name).matches("\\d+m");
                    assertThat(spec.path(process).path("resource").path("cpu").asDouble())
                            .as("%s cpu of %s", process, name).isPositive();
                }
                JsonNode job = spec.path("job");
                assertThat(job.path("parallelism").asInt()).as("parallelism of %s", name).isPositive();
                assertThat(job.path("upgradeMode").asText()).as("upgradeMode of %s", name)
                        .isIn("stateless", "last-state", "savepoint");
                assertThat(job.path("state").asText()).as("state of %s", name).isIn("running", "suspended");
                if (!job.path("upgradeMode").asText().equals("stateless")) {
                    Map<String, String> configuration = YamlFiles.flatten(spec.path("flinkConfiguration"));
                    assertThat(configuration).as("a stateful upgrade of %s needs savepoints and HA", name)
                            .containsKeys("execution.checkpointing.savepoint-dir", "high-availability.storageDir")
                            .containsEntry("high-availability.type", "kubernetes");
                }
            }
        }
    }

    @Test
    void flinkDeploymentsListTheirFieldsInTheOperatorsOrder() {
        for (String file : List.of("training.yaml", "inference.yaml")) {
            List<String> fields = new ArrayList<>();
            YamlFiles.document(K8S.resolve("base").resolve(file)).path("spec").fieldNames()
                    .forEachRemaining(fields::add);
            assertThat(fields).as(file).isSubsetOf(SPEC_ORDER);
            assertThat(fields).as(file).isSortedAccordingTo((a, b) -> SPEC_ORDER.indexOf(a) - SPEC_ORDER.indexOf(b));
        }
    }

    @Test
    void deploymentsRunTheImagesTheDockerfilesBuild() {
        String jobImage = YamlFiles.document(YamlFiles.repository().resolve("docker/compose.yml")).path("services")
                .path("jobmanager").path("image").asText();
        List<JsonNode> base = Kustomization.build(K8S.resolve("base"));
        JsonNode gpuPatch = YamlFiles.document(K8S.resolve("overlays/gpu/training-gpu.yaml"));

        assertThat(Kustomization.ofKind(base, "FlinkDeployment"))
                .extracting(deployment -> deployment.path("spec").path("image").asText())
                .as("the job image, as compose.yml names it").containsOnly(jobImage);
        assertThat(Dockerfile.read(DockerfilesTest.CUDA_IMAGE).argumentDefaults().get("JOB_IMAGE"))
                .as("the CUDA image builds on the job image").isEqualTo(jobImage);
        assertThat(gpuPatch.path("spec").path("image").asText()).as("the CUDA image, tagged like the job image")
                .isEqualTo(jobImage.replace("flink-alexnet:", "flink-alexnet-cuda:"));
    }

    @Test
    void jobsRunClassesOfTheJobJarWhereTheImagePutsIt() throws IOException {
        try (JarFile jar = new JarFile(System.getProperty("flink.jobs.jar"))) {
            for (JsonNode deployment : flinkDeployments("cpu")) {
                JsonNode job = deployment.path("spec").path("job");
                assertThat(job.path("jarURI").asText()).isEqualTo("local://" + DockerfilesTest.jobJarInImage());
                assertThat(jar.getEntry(job.path("entryClass").asText().replace('.', '/') + ".class"))
                        .as("%s in the job jar", job.path("entryClass").asText()).isNotNull();
            }
        }
        assertThat(flinkDeployments("cpu")).extracting(deployment -> deployment.path("spec").path("job")
                .path("entryClass").asText()).containsExactlyInAnyOrder(TRAINING_JOB, INFERENCE_JOB);
    }

    @Test
    void everyOverlayGivesTheJobsOptionsTheyAccept() {
        for (String overlay : OVERLAYS) {
            for (JsonNode deployment : flinkDeployments(overlay)) {
                JobOptionsClass options = JobOptionsClass.of(deployment.path("spec").path("job").path("entryClass")
                        .asText());
                Object parsed = options.parse(jobConfiguration(deployment), args(deployment));
                assertThat(parsed).as("%s/%s", overlay, deployment.path("metadata").path("name").asText())
                        .isInstanceOf(options.config());
            }
        }
    }

    @Test
    void trainingUpgradesFromSavepointsWithHighAvailabilityAndItsStateOnS3() {
        for (String overlay : OVERLAYS) {
            JsonNode spec = deployment(overlay, TRAINING_JOB).path("spec");
            Map<String, String> configuration = YamlFiles.flatten(spec.path("flinkConfiguration"));

            assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
            assertThat(configuration).containsEntry("high-availability.type", "kubernetes");
            for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                    "high-availability.storageDir", TrainingJobOptions.MODEL_STORE.key())) {
                assertThat(configuration.get(key)).as("%s in %s", key, overlay).startsWith("s3://");
            }
        }
    }

    @Test
    void inferenceAutoscalesUpToOneSubtaskPerImagePartition() {
        for (String overlay : OVERLAYS) {
            Map<String, String> configuration = YamlFiles.flatten(deployment(overlay, INFERENCE_JOB).path("spec")
                    .path("flinkConfiguration"));
            String imagesTopic = setting(deployment(overlay, INFERENCE_JOB), InferenceJobOptions.INFERENCE_TOPIC.key());
            int partitions = kafkaTopic(overlay, imagesTopic).path("spec").path("partitions").asInt();

            assertThat(configuration).containsEntry("job.autoscaler.enabled", "true")
                    .containsEntry("jobmanager.scheduler", "adaptive")
                    .containsEntry("job.autoscaler.vertex.max-parallelism", String.valueOf(partitions))
                    .containsEntry("pipeline.max-parallelism", String.valueOf(partitions));
        }
    }

    @Test
    void kafkaTopicsAreTheDefaultTopicsOfTheJobs() {
        for (String overlay : OVERLAYS) {
            Set<String> declared = new TreeSet<>();
            kafkaTopics(overlay).forEach(topic -> declared.add(topic.path("spec").path("topicName").asText()));
            Set<String> defaults = new TreeSet<>();
            Set<String> used = new TreeSet<>();
            for (JsonNode deployment : flinkDeployments(overlay)) {
                JobOptionsClass options = JobOptionsClass.of(deployment.path("spec").path("job").path("entryClass")
                        .asText());
                defaults.addAll(options.defaultTopics().values());
                used.addAll(options.topics(options.parse(jobConfiguration(deployment), args(deployment))));
            }

            assertThat(declared).as(overlay).isEqualTo(defaults).isEqualTo(used);
        }
    }

    @Test
    void kafkaTopicsBelongToTheClusterAndAreReplicatedWithRetention() {
        for (JsonNode topic : kafkaTopics("cpu")) {
            String name = topic.path("metadata").path("name").asText();
            assertThat(topic.path("apiVersion").asText()).as(name).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as(name)
                    .isNotBlank();
            assertThat(topic.path("spec").path("partitions").asInt()).as(name).isPositive();
            assertThat(topic.path("spec").path("replicas").asInt()).as(name).isEqualTo(3);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt()).as(name).isEqualTo(2);
            assertThat(topic.path("spec").path("config").has("retention.ms")).as("retention of %s", name).isTrue();
        }
    }

    @Test
    void kafkaCredentialsComeOnlyFromTheKafkaUsersMountedSecret() {
        for (String overlay : OVERLAYS) {
            String user = Kustomization.ofKind(resources(overlay), "KafkaUser").get(0).path("metadata").path("name")
                    .asText();
            for (JsonNode deployment : flinkDeployments(overlay)) {
                String name = overlay + "/" + deployment.path("metadata").path("name").asText();
                Map<String, String> kafka = kafkaProperties(deployment);
                Map<String, String> secretMounts = secretMounts(deployment);

                assertThat(kafka).as(name)
                        .containsEntry("config.providers.secrets.class",
                                "org.apache.kafka.common.config.provider.DirectoryConfigProvider")
                        .doesNotContainKeys("sasl.password", "ssl.keystore.password", "ssl.truststore.password");
                Matcher jaas = SECRET_REFERENCE.matcher(kafka.get("sasl.jaas.config"));
                assertThat(jaas.matches()).as("sasl.jaas.config of %s is a reference", name).isTrue();
                assertThat(secretMounts).as("the Secret mounted on %s", jaas.group(1)).containsEntry(jaas.group(1), user);
                assertThat(secretMounts).as("a Secret mounted for the truststore of %s", name)
                        .containsKey(Path.of(kafka.get("ssl.truststore.location")).getParent().toString());
                deployment.path("spec").path("podTemplate").path("spec").path("containers").get(0).path("env")
                        .forEach(variable -> {
                            if (variable.path("name").asText().matches(".*(KEY|SECRET|PASSWORD).*")) {
                                assertThat(variable.has("value")).as("%s in %s comes from a Secret",
                                        variable.path("name").asText(), name).isFalse();
                                assertThat(variable.path("valueFrom").has("secretKeyRef")).isTrue();
                            }
                        });
            }
        }
    }

    @Test
    void kafkaUserMayReadTheJobsSourcesAndWriteTheirSinks() {
        JsonNode acls = Kustomization.ofKind(resources("cpu"), "KafkaUser").get(0).path("spec").path("authorization")
                .path("acls");
        for (JsonNode deployment : flinkDeployments("cpu")) {
            String job = deployment.path("spec").path("job").path("entryClass").asText();
            for (String key : READS.get(job)) {
                assertThat(allowed(acls, "topic", setting(deployment, key))).as("%s reads %s", job, key)
                        .contains("Read", "Describe");
            }
            for (String key : WRITES.get(job)) {
                assertThat(allowed(acls, "topic", setting(deployment, key))).as("%s writes %s", job, key)
                        .contains("Write", "Describe");
            }
            assertThat(allowed(acls, "group", setting(deployment, "alexnet.kafka.group-id")))
                    .as("%s's consumer group", job).contains("Read");
            assertThat(allowed(acls, "transactionalId", setting(deployment, "alexnet.kafka.transactional-id-prefix")))
                    .as("%s's transactional ids", job).contains("Write", "Describe");
        }
    }

    @Test
    void gpuOverlayTrainsWithPyTorchOnOneGpuOfTheCudaImage() {
        JsonNode spec = deployment("gpu", TRAINING_JOB).path("spec");
        Map<String, String> configuration = YamlFiles.flatten(spec.path("flinkConfiguration"));

        assertThat(spec.path("image").asText()).contains("flink-alexnet-cuda:");
        assertThat(spec.path("taskManager").path("podTemplate").path("spec").path("containers").get(0)
                .path("resources").path("limits").path("nvidia.com/gpu").asInt()).isEqualTo(1);
        assertThat(configuration).containsEntry(AlexnetOptions.ENGINE.key(), Engines.PYTORCH)
                .containsEntry(TrainingJobOptions.DEVICES.key(), "auto");
        assertThat(deployment("gpu", INFERENCE_JOB).path("spec").path("image").asText())
                .as("inference stays on the CPU image").contains("flink-alexnet:");
    }

    @Test
    void cpuOverlayTrainsOnTheCpuWithMxnet() {
        JsonNode spec = deployment("cpu", TRAINING_JOB).path("spec");

        assertThat(spec.path("image").asText()).contains("flink-alexnet:");
        assertThat(YamlFiles.flatten(spec.path("flinkConfiguration")))
                .containsEntry(AlexnetOptions.ENGINE.key(), Engines.MXNET)
                .containsEntry(TrainingJobOptions.DEVICES.key(), "cpu");
        assertThat(spec.path("taskManager").has("podTemplate")).as("no GPU request").isFalse();
    }

    @Test
    void openMpUsesEveryCoreOfTheTaskManager() {
        for (String overlay : OVERLAYS) {
            for (JsonNode deployment : flinkDeployments(overlay)) {
                JsonNode spec = deployment.path("spec");
                List<String> threads = new ArrayList<>();
                spec.path("podTemplate").path("spec").path("containers").get(0).path("env").forEach(variable -> {
                    if (variable.path("name").asText().equals("OMP_NUM_THREADS")) {
                        threads.add(variable.path("value").asText());
                    }
                });
                assertThat(threads).as("%s/%s", overlay, deployment.path("metadata").path("name").asText())
                        .containsExactly(String.valueOf(spec.path("taskManager").path("resource").path("cpu").asInt()));
            }
        }
    }

    private static List<JsonNode> resources(String overlay) {
        return Kustomization.build(K8S.resolve("overlays").resolve(overlay));
    }

    private static List<JsonNode> flinkDeployments(String overlay) {
        return Kustomization.ofKind(resources(overlay), "FlinkDeployment");
    }

    private static List<JsonNode> kafkaTopics(String overlay) {
        return Kustomization.ofKind(resources(overlay), "KafkaTopic");
    }

    private static JsonNode kafkaTopic(String overlay, String topicName) {
        return kafkaTopics(overlay).stream()
                .filter(topic -> topic.path("spec").path("topicName").asText().equals(topicName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No KafkaTopic " + topicName + " in " + overlay));
    }

    private static JsonNode deployment(String overlay, String entryClass) {
        return flinkDeployments(overlay).stream()
                .filter(deployment -> deployment.path("spec").path("job").path("entryClass").asText()
                        .equals(entryClass))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No FlinkDeployment runs " + entryClass + " in " + overlay));
    }

    /** The deployment's {@code alexnet.} settings, as the job reads them from the Flink configuration. */
    private static Map<String, String> jobConfiguration(JsonNode deployment) {
        Map<String, String> configuration = new LinkedHashMap<>();
        YamlFiles.flatten(deployment.path("spec").path("flinkConfiguration")).forEach((key, value) -> {
            if (key.startsWith(AlexnetOptions.PREFIX)) {
                configuration.put(key, value);
            }
        });
        return configuration;
    }

    private static List<String> args(JsonNode deployment) {
        List<String> args = new ArrayList<>();
        deployment.path("spec").path("job").path("args").forEach(arg -> args.add(arg.asText()));
        return args;
    }

    /** A job option's value in the deployment, else its default. */
    private static String setting(JsonNode deployment, String key) {
        JobOptionsClass options = JobOptionsClass.of(deployment.path("spec").path("job").path("entryClass").asText());
        ConfigOption<?> option = options.option(key);
        return jobConfiguration(deployment).getOrDefault(key, String.valueOf(option.defaultValue()));
    }

    private static Map<String, String> kafkaProperties(JsonNode deployment) {
        Map<String, String> properties = new HashMap<>();
        jobConfiguration(deployment).forEach((key, value) -> {
            if (key.startsWith(AlexnetOptions.KAFKA_PROPERTIES_PREFIX)) {
                properties.put(key.substring(AlexnetOptions.KAFKA_PROPERTIES_PREFIX.length()), value);
            }
        });
        return properties;
    }

    /** The main container's mount paths of Secret volumes, with the Secret's name. */
    private static Map<String, String> secretMounts(JsonNode deployment) {
        JsonNode pod = deployment.path("spec").path("podTemplate").path("spec");
        Map<String, String> secrets = new HashMap<>();
        pod.path("volumes").forEach(volume -> {
            if (volume.has("secret")) {
                secrets.put(volume.path("name").asText(), volume.path("secret").path("secretName").asText());
            }
        });
        Map<String, String> mounts = new HashMap<>();
        pod.path("containers").get(0).path("volumeMounts").forEach(mount -> {
            if (secrets.containsKey(mount.path("name").asText())) {
                mounts.put(mount.path("mountPath").asText(), secrets.get(mount.path("name").asText()));
            }
        });
        return mounts;
    }

    /** The operations the ACLs allow on a resource: literal ACLs by equal name, prefix ACLs by prefix. */
    private static Set<String> allowed(JsonNode acls, String type, String name) {
        Set<String> operations = new TreeSet<>();
        for (JsonNode acl : acls) {
            JsonNode resource = acl.path("resource");
            String aclName = resource.path("name").asText();
            boolean matches = resource.path("type").asText().equals(type)
                    && (resource.path("patternType").asText("literal").equals("prefix")
                    ? name.startsWith(aclName) : name.equals(aclName));
            if (matches) {
                acl.path("operations").forEach(operation -> operations.add(operation.asText()));
            }
        }
        return operations;
    }
}
