package io.flinkalexnet.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.model.nn.Variant;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class TrainingJobOptionsTest {

    /** The options every training job needs. */
    static final String[] REQUIRED = {"--kafka.bootstrap-servers", "localhost:9092",
            "--model-store.uri", "file:///tmp/models"};

    @Test
    void defaultsFollowTheVariant() {
        TrainingJobOptions options = TrainingJobOptions.fromArgs(new Configuration(), REQUIRED);
        assertThat(options.variant).isEqualTo(Variant.CIFAR);
        assertThat(options.training.learningRate()).isEqualTo(1e-3);
        assertThat(options.trainingTopic).isEqualTo("images.train");
        assertThat(options.bounded()).isFalse();
    }

    @Test
    void commandLineOverridesTheFlinkConfiguration() {
        Configuration flink = new Configuration();
        flink.setString("alexnet.train.batch-size", "32");
        flink.setString("alexnet.model.variant", "seed");
        TrainingJobOptions options = TrainingJobOptions.fromArgs(flink,
                concat(REQUIRED, "--train.batch-size", "64", "--kafka.properties.security.protocol", "SASL_SSL"));
        assertThat(options.batchSize).isEqualTo(64);
        assertThat(options.variant).isEqualTo(Variant.SEED);
        assertThat(options.kafka.clientProperties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void missingBootstrapServersIsNamed() {
        assertThatThrownBy(() -> TrainingJobOptions.fromArgs(new Configuration(),
                        new String[] {"--model-store.uri", "file:///tmp/models"}))
                .hasMessageStartingWith("missing required option --kafka.bootstrap-servers");
    }

    @Test
    void typosAreRejectedWithTheValidOptions() {
        assertThatThrownBy(() -> TrainingJobOptions.fromArgs(new Configuration(), concat(REQUIRED, "--train.batchsize", "3")))
                .hasMessageContaining("unknown option(s) [alexnet.train.batchsize]")
                .hasMessageContaining("--train.batch-size");
    }

    @Test
    void trainerParallelismAboveOneIsRefusedWithTheAlternative() {
        assertThatThrownBy(() -> TrainingJobOptions.fromArgs(new Configuration(), concat(REQUIRED, "--train.parallelism", "2")))
                .hasMessageContaining("is not supported")
                .hasMessageContaining("--model.devices");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
