package io.flinkalexnet.it.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.it.testutils.FlinkMiniCluster;
import io.flinkalexnet.it.testutils.ImageRecords;
import io.flinkalexnet.it.testutils.KafkaBrokerExtension;
import io.flinkalexnet.it.testutils.TestDirectories;
import io.flinkalexnet.jobs.InferenceJob;
import io.flinkalexnet.jobs.InferenceJobConfig;
import io.flinkalexnet.jobs.InferenceJobOptions;
import io.flinkalexnet.jobs.TrainingJob;
import io.flinkalexnet.jobs.TrainingJobConfig;
import io.flinkalexnet.jobs.TrainingJobOptions;
import io.flinkalexnet.jobs.config.AlexnetOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.function.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Both jobs on a MiniCluster with Flink's Prometheus reporter, the one the image, compose.yml and the manifests
 * enable: its endpoint serves the jobs' own metrics in Prometheus' text format, and every metric that the dashboard
 * and the alert rules name is one it serves (a renamed gauge would otherwise leave a panel or an alert silently
 * empty).
 */
class MetricsITCase {

    private static final int PORT = freePort();
    private static final Duration SCRAPE_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern METRIC_NAME = Pattern.compile("\\bflink_[A-Za-z0-9_:]+");
    private static final Path MONITORING = Path.of(System.getProperty("repository.root"), "docker", "monitoring");

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkMiniCluster.extension(prometheusReporter());

    @Test
    void endpointServesEveryMetricTheDashboardAndTheAlertsName() throws Exception {
        String name = "metrics";
        String train = KAFKA.uniqueTopic(name + "-train");
        String images = KAFKA.uniqueTopic(name + "-images");
        String predictions = KAFKA.uniqueTopic(name + "-predictions");
        String models = KAFKA.uniqueTopic(name + "-models");
        String deadLetters = KAFKA.uniqueTopic(name + "-dlq");
        for (String topic : List.of(train, images, predictions, models, deadLetters)) {
            KAFKA.createTopic(topic, 1);
        }
        KAFKA.produce(train, ImageRecords.encode(ImageRecords.synthetic(1, 0, 96, null)));
        KAFKA.produce(images, ImageRecords.encode(ImageRecords.synthetic(2, 0, 64, null)));
        KAFKA.produce(images, List.copyOf(ImageRecords.badRecords(3).values()));

        Configuration common = new Configuration();
        common.set(AlexnetOptions.KAFKA_BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        common.set(AlexnetOptions.MODELS_TOPIC, models);
        common.set(AlexnetOptions.DEAD_LETTER_TOPIC, deadLetters);
        Configuration training = new Configuration(common);
        training.set(TrainingJobOptions.TRAINING_TOPIC, train);
        training.set(TrainingJobOptions.GROUP_ID, train);
        training.set(TrainingJobOptions.TRANSACTIONAL_ID_PREFIX, train);
        training.set(TrainingJobOptions.MODEL_STORE, TestDirectories.newDirectory(name + "-store").toUri().toString());
        training.set(TrainingJobOptions.BATCH_SIZE, 16);
        training.set(TrainingJobOptions.EXPORT_EVERY_STEPS, 2);
        training.set(TrainingJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        Configuration inference = new Configuration(common);
        inference.set(InferenceJobOptions.INFERENCE_TOPIC, images);
        inference.set(InferenceJobOptions.PREDICTIONS_TOPIC, predictions);
        inference.set(InferenceJobOptions.GROUP_ID, images);
        inference.set(InferenceJobOptions.TRANSACTIONAL_ID_PREFIX, images);
        inference.set(InferenceJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));

        // Both unbounded, as deployed: the Kafka sources then report their lag.
        TrainingJobConfig trainingConfig = TrainingJobConfig.from(training);
        JobClient trainingJob = start("training (metrics)", env -> {
            TrainingJob.configure(env, trainingConfig);
            TrainingJob.build(env, trainingConfig);
        });
        InferenceJobConfig inferenceConfig = InferenceJobConfig.from(inference);
        JobClient inferenceJob = start("inference (metrics)", env -> {
            InferenceJob.configure(env, inferenceConfig);
            InferenceJob.build(env, inferenceConfig);
        });
        try {
            Set<String> named = namedMetrics();
            String exposition = scrapeUntilServed(named);

            assertThat(exposition).contains("# TYPE flink_taskmanager_job_task_operator_trainingLoss gauge",
                    "# TYPE flink_taskmanager_job_task_operator_endToEndLatencyMillis summary");
            assertThat(served(exposition)).containsAll(named);
        } finally {
            inferenceJob.cancel().get();
            trainingJob.cancel().get();
        }
    }

    /** Scrapes the endpoint until it serves every name (the jobs register some metrics only once running). */
    private static String scrapeUntilServed(Set<String> names) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/metrics")).build();
        long deadline = System.nanoTime() + SCRAPE_TIMEOUT.toNanos();
        String exposition;
        do {
            Thread.sleep(1000);
            exposition = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } while (!served(exposition).containsAll(names) && System.nanoTime() < deadline);
        return exposition;
    }

    /** The names of the samples in an exposition. */
    private static Set<String> served(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(line -> line.startsWith("flink_"))
                .forEach(line -> names.add(line.substring(0, line.indexOf('{') > 0 ? line.indexOf('{')
                        : line.indexOf(' '))));
        return names;
    }

    /** Every metric name in the dashboard's queries and the alert rules' expressions. */
    private static Set<String> namedMetrics() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper()
                .readTree(MONITORING.resolve("grafana/dashboards/flink-alexnet.json").toFile());
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> expressions.add(target.path("expr").asText())));
        try (Reader reader = Files.newBufferedReader(MONITORING.resolve("alerts.yml"))) {
            Map<String, List<Map<String, List<Map<String, Object>>>>> rules =
                    new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            rules.get("groups").forEach(group -> group.get("rules")
                    .forEach(rule -> expressions.add(String.valueOf(rule.get("expr")))));
        }
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC_NAME.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        assertThat(names).as("metric names in the dashboard and the alerts").hasSizeGreaterThan(20);
        return names;
    }

    /** Submits the job that {@code build} adds to a fresh environment, at parallelism 1. */
    private static JobClient start(String name, ThrowingConsumer<StreamExecutionEnvironment, Exception> build)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(1);
        build.accept(env);
        return env.executeAsync(name);
    }

    /** The image's reporter (docker/Dockerfile), on a free port. */
    private static Configuration prometheusReporter() {
        Configuration configuration = new Configuration();
        Configuration reporter = MetricOptions.forReporter(configuration, "prom");
        reporter.set(MetricOptions.REPORTER_FACTORY_CLASS, PrometheusReporterFactory.class.getName());
        reporter.setString("port", String.valueOf(PORT));
        return configuration;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
