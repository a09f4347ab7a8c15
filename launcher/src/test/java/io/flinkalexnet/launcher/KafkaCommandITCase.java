package io.flinkalexnet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.TrainingJobOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/flink-alexnet kafka} serves clients at the address it prints until Ctrl-C. */
class KafkaCommandITCase {

    @TempDir
    Path folder;

    @Test
    void servesProducersAtThePrintedAddressUntilCtrlC() throws Exception {
        Path batch = TestData.cifarBatch(folder.resolve("data_batch_1.bin"), 2, 20);
        try (LauncherProcess kafka = LauncherProcess.start(folder.resolve("work"), "kafka")) {
            String bootstrap = kafka.awaitLine("bootstrap servers: +(localhost:\\d+)", Duration.ofMinutes(2)).group(1);
            kafka.awaitLine("Running; Ctrl-C stops the broker.", Duration.ofSeconds(10));

            // A topic the kafka command creates by default.
            String topic = TrainingJobOptions.DEFAULT_TRAINING_TOPIC;
            LauncherRun produce = LauncherRun.of("produce", "--kafka.bootstrap-servers", bootstrap, "--topic", topic,
                    "--data", batch.toString());
            kafka.interrupt();

            assertThat(produce.exitCode()).as(produce.err()).isZero();
            assertThat(produce.lastLine()).startsWith("produced 20 images to topic '" + topic + "'");
            assertThat(kafka.waitFor(Duration.ofMinutes(1))).isEqualTo(130);
            Ports.assertFree(Integer.parseInt(bootstrap.split(":")[1]));
        }
    }
}
