package io.flinkalexnet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.launcher.quickstart.Quickstart;
import io.flinkalexnet.launcher.report.QuickstartReport;
import io.flinkalexnet.model.infer.ModelArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/flink-alexnet quickstart} end to end, as its own process, on generated images. */
class QuickstartITCase {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final String KAFKA_LINE = "Kafka broker \\(KRaft\\): +localhost:(\\d+)";
    private static final String WEB_UI_LINE = "Flink web UI: +http://[^:]+:(\\d+)";

    @TempDir
    Path folder;

    @Test
    void syntheticRunPrintsAnAccuracyAboveChanceWritesTheResultsAndLeavesNothingRunning() throws Exception {
        Path out = folder.resolve("out");
        Path work = folder.resolve("work");
        try (LauncherProcess quickstart = LauncherProcess.start(work, "quickstart", "--dataset", "synthetic",
                "--steps", "40", "--batch", "32", "--train-images", "1600", "--held-out-images", "400",
                "--web-ui-port", "0", "--out", out.toString())) {
            int kafkaPort = Integer.parseInt(quickstart.awaitLine(KAFKA_LINE, RUN_TIMEOUT).group(1));
            int webUiPort = Integer.parseInt(quickstart.awaitLine(WEB_UI_LINE, RUN_TIMEOUT).group(1));
            List<ProcessHandle> children = quickstart.handle().descendants().toList();

            assertThat(quickstart.waitFor(RUN_TIMEOUT)).as(quickstart.output()).isZero();

            Matcher accuracy = quickstart.awaitLine("^accuracy: (0\\.\\d{4}) \\(n=(\\d+)\\)$", Duration.ZERO);
            assertThat(quickstart.lines()).last().isEqualTo(accuracy.group());
            assertThat(Double.parseDouble(accuracy.group(1))).as("accuracy; chance is 0.1").isGreaterThan(0.3);
            assertThat(accuracy.group(2)).isEqualTo("400");
            assertThat(quickstart.output()).doesNotContain("\tat ", "Exception");
            Ports.assertFree(kafkaPort);
            Ports.assertFree(webUiPort);
            assertThat(children).noneMatch(ProcessHandle::isAlive);
            assertThat(runFolders(work)).isEmpty();
        }
        assertThat(ModelArtifact.open(out.resolve(Quickstart.MODEL_FOLDER), null).metadata().trainingStep())
                .isEqualTo(40);
        assertThat(Files.readString(out.resolve(Quickstart.PREDICTIONS_SUMMARY))).startsWith("Predictions")
                .contains("400 predictions");
        assertThat(Files.readAllLines(out.resolve(Quickstart.PREDICTIONS_CSV))).hasSize(401);
        String html = Files.readString(out.resolve(QuickstartReport.HTML));
        for (String chart : QuickstartReport.CHARTS) {
            assertThat(Arrays.copyOf(Files.readAllBytes(out.resolve(chart)), 8)).as(chart).isEqualTo(PNG_SIGNATURE);
            assertThat(html).contains("<img src=\"" + chart + "\"");
        }
    }

    @Test
    void ctrlCWhileTrainingStopsEverythingAndDeletesTheRunFolder() throws Exception {
        Path work = folder.resolve("work");
        try (LauncherProcess quickstart = LauncherProcess.start(work, "quickstart", "--dataset", "synthetic",
                "--steps", "100000", "--train-images", "1000", "--web-ui-port", "0",
                "--out", folder.resolve("out").toString())) {
            int kafkaPort = Integer.parseInt(quickstart.awaitLine(KAFKA_LINE, RUN_TIMEOUT).group(1));
            int webUiPort = Integer.parseInt(quickstart.awaitLine(WEB_UI_LINE, RUN_TIMEOUT).group(1));
            quickstart.awaitLine("^\\[2/5\\] training", RUN_TIMEOUT);
            assertThat(runFolders(work)).hasSize(1);

            quickstart.interrupt();

            assertThat(quickstart.waitFor(Duration.ofMinutes(1))).isEqualTo(130);
            assertThat(quickstart.output()).contains("Stopping everything this command started")
                    .doesNotContain("\tat ");
            Ports.assertFree(kafkaPort);
            Ports.assertFree(webUiPort);
            assertThat(runFolders(work)).isEmpty();
        }
    }

    private static List<Path> runFolders(Path work) throws IOException {
        try (Stream<Path> entries = Files.list(work)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith("quickstart-")).toList();
        }
    }
}
