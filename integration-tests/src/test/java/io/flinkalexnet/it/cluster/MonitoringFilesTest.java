package io.flinkalexnet.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The monitoring of the deployments: the Prometheus reporter that the job image, compose.yml and the manifests enable,
 * the Prometheus and Grafana of compose.yml, the dashboard, the alert rules and the monitoring overlay's PodMonitor and
 * PrometheusRule, checked against each other.
 */
class MonitoringFilesTest {

    private static final Path REPOSITORY = YamlFiles.repository();
    private static final Path COMPOSE = REPOSITORY.resolve("docker/compose.yml");
    private static final JsonNode SERVICES = YamlFiles.document(COMPOSE).path("services");
    private static final Path ALERTS = REPOSITORY.resolve("docker/monitoring/alerts.yml");
    private static final Path DASHBOARD = REPOSITORY.resolve("docker/monitoring/grafana/dashboards/flink-alexnet.json");
    private static final Path K8S = REPOSITORY.resolve("k8s");
    private static final String REPORTER_PREFIX = "metrics.reporter.prom.";
    private static final Pattern IMAGE_SETTING = Pattern.compile("'(metrics\\.reporter\\.prom\\.[\\w.]+): ([^']*)'");

    /** The reporter settings the job image appends to its Flink configuration. */
    static Map<String, String> imageReporterSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Dockerfile.Instruction run : Dockerfile.read(DockerfilesTest.JOB_IMAGE).all("RUN")) {
            Matcher matcher = IMAGE_SETTING.matcher(run.arguments());
            while (matcher.find()) {
                settings.put(matcher.group(1), matcher.group(2));
            }
        }
        return settings;
    }

    private static int reporterPort() {
        return Integer.parseInt(imageReporterSettings().get(REPORTER_PREFIX + "port"));
    }

    @Test
    void jobImageEnablesTheReporterThatFlinkShipsAsAPlugin() throws Exception {
        Map<String, String> settings = imageReporterSettings();

        assertThat(settings).containsOnlyKeys(REPORTER_PREFIX + "factory.class", REPORTER_PREFIX + "port");
        assertThat(MetricReporterFactory.class.isAssignableFrom(
                Class.forName(settings.get(REPORTER_PREFIX + "factory.class")))).isTrue();
        assertThat(reporterPort()).isBetween(1024, 65535);
        assertThat(Dockerfile.read(DockerfilesTest.JOB_IMAGE).all("RUN"))
                .as("the image fails to build if the distribution lacks the plugin")
                .anySatisfy(run -> assertThat(run.arguments())
                        .contains("/opt/flink/plugins/metrics-prometheus", "flink-metrics-prometheus-"));
    }

    @Test
    void composePrometheusScrapesTheJobManagerAndEveryTaskManagerOnTheReportersPort() {
        JsonNode prometheus = YamlFiles.document(mountedFile("prometheus", "/etc/prometheus/prometheus.yml"));
        Map<String, JsonNode> jobs = new LinkedHashMap<>();
        prometheus.path("scrape_configs").forEach(job -> jobs.put(job.path("job_name").asText(), job));

        assertThat(jobs.get("flink-jobmanager").path("static_configs").get(0).path("targets").get(0).asText())
                .isEqualTo("jobmanager:" + reporterPort());
        JsonNode taskManagers = jobs.get("flink-taskmanager").path("dns_sd_configs").get(0);
        assertThat(taskManagers.path("names").get(0).asText()).isEqualTo("taskmanager");
        assertThat(taskManagers.path("port").asInt()).isEqualTo(reporterPort());
        assertThat(SERVICES.has("jobmanager") && SERVICES.has("taskmanager")).isTrue();
        assertThat(prometheus.path("rule_files").get(0).asText())
                .as("the rules file is where compose mounts alerts.yml")
                .isEqualTo(mountTarget("prometheus", ALERTS));
    }

    @Test
    void grafanaProvisionsTheDashboardOnTheComposePrometheus() {
        JsonNode datasource = YamlFiles.document(
                mountedFile("grafana", "/etc/grafana/provisioning/datasources/flink-alexnet.yml"))
                .path("datasources").get(0);
        JsonNode provider = YamlFiles.document(
                mountedFile("grafana", "/etc/grafana/provisioning/dashboards/flink-alexnet.yml"))
                .path("providers").get(0);

        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(SERVICES.path("prometheus").path("ports").get(0).asText()).endsWith(":9090");
        assertThat(provider.path("options").path("path").asText())
                .isEqualTo(mountTarget("grafana", DASHBOARD.getParent()));
        JsonNode variable = dashboard().path("templating").path("list").get(0);
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("current").path("value").asText()).isEqualTo(datasource.path("uid").asText());
    }

    @Test
    void dashboardPanelsQueryThePrometheusDatasourceAndFitTheGrid() {
        Set<Integer> ids = new HashSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", panel.path("title")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("width of %s", panel.path("title"))
                    .isLessThanOrEqualTo(24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            titles.add(panel.path("title").asText());
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("queries of %s", panel.path("title")).isNotEmpty()
                    .allSatisfy(target -> assertThat(target.path("expr").asText()).contains("flink_"));
        }
        assertThat(titles).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void everyDeploymentEnablesTheImagesReporterOnAPortNamedForScraping() {
        for (String overlay : List.of("cpu", "gpu", "monitoring")) {
            for (JsonNode deployment : Kustomization.ofKind(Kustomization.build(K8S.resolve("overlays/" + overlay)),
                    "FlinkDeployment")) {
                String name = overlay + "/" + deployment.path("metadata").path("name").asText();
                Map<String, String> configuration = YamlFiles.flatten(deployment.path("spec").path("flinkConfiguration"));
                imageReporterSettings().forEach((key, value) ->
                        assertThat(configuration).as(name).containsEntry(key, value));
                JsonNode container = deployment.path("spec").path("podTemplate").path("spec").path("containers").get(0);
                assertThat(container.path("name").asText()).isEqualTo("flink-main-container");
                assertThat(container.path("ports")).as("ports of %s", name).anySatisfy(port -> {
                    assertThat(port.path("name").asText()).isEqualTo("metrics");
                    assertThat(port.path("containerPort").asInt()).isEqualTo(reporterPort());
                });
            }
        }
    }

    @Test
    void monitoringOverlayScrapesThePodsOfBothJobsAndAlertsWithTheComposeRules() {
        List<JsonNode> resources = Kustomization.build(K8S.resolve("overlays/monitoring"));
        JsonNode podMonitor = Kustomization.find(resources, "PodMonitor", "flink-alexnet");
        JsonNode rule = Kustomization.find(resources, "PrometheusRule", "flink-alexnet");

        assertThat(podMonitor.path("metadata").path("namespace").asText()).isEqualTo("flink-alexnet");
        assertThat(podMonitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText())
                .isEqualTo("metrics");
        JsonNode selector = podMonitor.path("spec").path("selector").path("matchLabels");
        List<JsonNode> deployments = Kustomization.ofKind(resources, "FlinkDeployment");
        assertThat(deployments).extracting(deployment -> deployment.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("flink-alexnet-training", "flink-alexnet-inference");
        for (JsonNode deployment : deployments) {
            JsonNode labels = deployment.path("spec").path("podTemplate").path("metadata").path("labels");
            selector.fields().forEachRemaining(label -> assertThat(labels.path(label.getKey()).asText())
                    .as("pod label %s of %s", label.getKey(), deployment.path("metadata").path("name"))
                    .isEqualTo(label.getValue().asText()));
        }
        assertThat(rule.path("spec").path("groups")).isEqualTo(YamlFiles.document(ALERTS).path("groups"));
    }

    private static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DASHBOARD, e);
        }
    }

    /** The host file that compose mounts at {@code target} in {@code service}. */
    private static Path mountedFile(String service, String target) {
        for (JsonNode volume : SERVICES.path(service).path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[1].equals(target)) {
                return COMPOSE.resolveSibling(parts[0]).normalize();
            }
        }
        throw new AssertionError(service + " mounts nothing at " + target);
    }

    /** Where compose mounts the host path {@code source} in {@code service}. */
    private static String mountTarget(String service, Path source) {
        for (JsonNode volume : SERVICES.path(service).path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (COMPOSE.resolveSibling(parts[0]).normalize().equals(source)) {
                return parts[1];
            }
        }
        throw new AssertionError(service + " does not mount " + REPOSITORY.relativize(source));
    }
}
