package io.flinkalexnet.jobs.infer;

import static io.flinkalexnet.jobs.metrics.MetricValues.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.model.infer.Classification;
import io.flinkalexnet.model.infer.Classification.ClassScore;
import io.flinkalexnet.schemas.ClassProbability;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

class PredictionWriterTest {

    private static final RecordCodec<Prediction> PREDICTIONS = RecordCodec.prediction();
    private static final List<Classification> RESULTS = List.of(result(1, "automobile", 0.5f, 9, "truck", 0.3f),
            result(3, "cat", 0.9f, 5, "dog", 0.05f), result(0, "airplane", 0.4f, 8, "ship", 0.35f));

    private final MetricListener listener = new MetricListener();
    private final List<EncodedRecord> written = new ArrayList<>();
    private final PredictionWriter writer = new PredictionWriter(written::add,
            new ClassifierMetrics(listener.getMetricGroup()));

    @Test
    void writesOnePredictionPerImageInOrderKeyedByItsIdWithTheModelVersion() throws Exception {
        writer.write(TestImages.images(0, 3), RESULTS, 7, 42);

        assertThat(written).extracting(record -> new String(record.key, StandardCharsets.UTF_8))
                .containsExactlyElementsOf(TestImages.ids(0, 3));
        List<Prediction> predictions = new ArrayList<>();
        for (EncodedRecord record : written) {
            predictions.add(PREDICTIONS.decode(record.value));
        }
        assertThat(predictions).extracting(Prediction::getImageId).containsExactlyElementsOf(TestImages.ids(0, 3));
        assertThat(predictions).extracting(Prediction::getLabel).containsExactly(1, 3, 0);
        assertThat(predictions).extracting(Prediction::getModelVersion).containsOnly(7L);
        assertThat(predictions.get(1).getTopK()).extracting(ClassProbability::getClassName)
                .containsExactly("cat", "dog");
    }

    @Test
    void aPredictionCarriesItsImagesEventTimeAndTheLatencySinceTheJobReadIt() {
        DecodedImage image = TestImages.image(4);
        Prediction prediction = PredictionWriter.prediction(image, RESULTS.get(1), 7, TestImages.RECEIVED_AT + 250);

        assertThat(prediction.getImageId()).isEqualTo(image.id);
        assertThat(prediction.getClassName()).isEqualTo("cat");
        assertThat(prediction.getConfidence()).isEqualTo(0.9f);
        assertThat(prediction.getTopK()).extracting(ClassProbability::getLabel, ClassProbability::getProbability)
                .containsExactly(tuple(3, 0.9f), tuple(5, 0.05f));
        assertThat(prediction.getEventTime()).isEqualTo(Instant.ofEpochMilli(TestImages.EVENT_TIME));
        assertThat(prediction.getProcessingLatencyMillis()).isEqualTo(250);
    }

    @Test
    void countsTheBatchAndTimesItsPassAndEachPredictionFromItsEventTime() {
        long before = System.currentTimeMillis();
        writer.write(TestImages.images(0, 3), RESULTS, 7, 42);
        long after = System.currentTimeMillis();

        assertThat(count(listener, "predictions")).isEqualTo(3);
        assertThat(count(listener, "batches")).isEqualTo(1);
        assertThat(listener.getHistogram("inferenceMillis").orElseThrow().getStatistics().getValues())
                .containsExactly(42);
        Histogram latency = listener.getHistogram("endToEndLatencyMillis").orElseThrow();
        assertThat(latency.getCount()).isEqualTo(3);
        assertThat(latency.getStatistics().getMin()).isBetween(before - TestImages.EVENT_TIME,
                after - TestImages.EVENT_TIME);
    }

    private static Classification result(int label, String className, float confidence, int second,
            String secondName, float secondProbability) {
        return new Classification(label, className, confidence, List.of(new ClassScore(label, className, confidence),
                new ClassScore(second, secondName, secondProbability)));
    }
}
