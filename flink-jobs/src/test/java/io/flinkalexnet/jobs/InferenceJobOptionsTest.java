package io.flinkalexnet.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.model.nn.Variant;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class InferenceJobOptionsTest {

    private static final String[] REQUIRED = {"--kafka.bootstrap-servers", "localhost:9092"};

    @Test
    void defaultsReadTheInferenceTopicAndServeCifarModels() {
        InferenceJobOptions options = InferenceJobOptions.fromArgs(new Configuration(), REQUIRED);
        assertThat(options.inferenceTopic).isEqualTo("images.infer");
        assertThat(options.predictionsTopic).isEqualTo("predictions");
        assertThat(options.deadLetterTopic).isEqualTo("images.dlq");
        assertThat(options.classifier.variant()).isEqualTo(Variant.CIFAR);
        assertThat(options.classifier.numClasses()).isEqualTo(10);
        assertThat(options.classifier.initialArtifact()).isNull();
        assertThat(options.boundedEndOffsets).isFalse();
    }

    @Test
    void modelsSourceHasAConsumerGroupOfItsOwn() {
        InferenceJobOptions options = InferenceJobOptions.fromArgs(new Configuration(),
                concat(REQUIRED, "--kafka.group-id", "serving"));
        assertThat(options.modelsGroupId()).isEqualTo("serving-models");
    }

    @Test
    void batchingOptionsAreParsedWithTheirUnits() {
        InferenceJobOptions options = InferenceJobOptions.fromArgs(new Configuration(), concat(REQUIRED,
                "--inference.batch-size", "32", "--inference.batch-timeout", "15 ms", "--inference.no-model.throttle",
                "1 s"));
        assertThat(options.classifier.batchSize()).isEqualTo(32);
        assertThat(options.classifier.batchTimeoutMillis()).isEqualTo(15);
        assertThat(options.classifier.noModelThrottleMillis()).isEqualTo(1000);
    }

    @Test
    void aBatchSizeOfZeroIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> InferenceJobOptions.fromArgs(new Configuration(),
                        concat(REQUIRED, "--inference.batch-size", "0")))
                .hasMessage("--inference.batch-size must be > 0, got 0");
    }

    @Test
    void trainingOnlyOptionsAreRejected() {
        assertThatThrownBy(() -> InferenceJobOptions.fromArgs(new Configuration(),
                        concat(REQUIRED, "--train.batch-size", "3")))
                .hasMessageContaining("unknown option(s) [alexnet.train.batch-size]")
                .hasMessageContaining("--inference.batch-size");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
