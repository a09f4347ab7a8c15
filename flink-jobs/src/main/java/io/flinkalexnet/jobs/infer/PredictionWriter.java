package io.flinkalexnet.jobs.infer;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.model.infer.Classification;
import io.flinkalexnet.schemas.ClassProbability;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Writes a classified batch as one encoded {@link Prediction} per image, in order, keyed by the image id. */
final class PredictionWriter {

    private final RecordCodec<Prediction> predictions = RecordCodec.prediction();
    private final Consumer<EncodedRecord> output;
    private final ClassifierMetrics metrics;

    PredictionWriter(Consumer<EncodedRecord> output, ClassifierMetrics metrics) {
        this.output = output;
        this.metrics = metrics;
    }

    /** Writes {@code results[i]} for {@code images[i]}, classified by {@code modelVersion} in {@code inferenceMillis}. */
    void write(List<DecodedImage> images, List<Classification> results, long modelVersion, long inferenceMillis) {
        metrics.forwardPassTook(inferenceMillis);
        long emittedAt = System.currentTimeMillis();
        int n = images.size();
        for (int i = 0; i < n; i++) {
            DecodedImage image = images.get(i);
            output.accept(new EncodedRecord(image.id.getBytes(StandardCharsets.UTF_8),
                    predictions.encode(prediction(image, results.get(i), modelVersion, emittedAt))));
            metrics.predictionEmitted(emittedAt - image.eventTime);
        }
        metrics.batchEmitted(n);
    }

    /** The prediction for {@code image}, emitted at {@code emittedAt}: its latency counts from when the job read it. */
    static Prediction prediction(DecodedImage image, Classification result, long modelVersion, long emittedAt) {
        List<ClassProbability> topK = new ArrayList<>(result.topK().size());
        for (Classification.ClassScore score : result.topK()) {
            topK.add(new ClassProbability(score.label(), score.className(), score.probability()));
        }
        return Prediction.newBuilder()
                .setImageId(image.id)
                .setLabel(result.label())
                .setClassName(result.className())
                .setConfidence(result.confidence())
                .setTopK(topK)
                .setModelVersion(modelVersion)
                .setEventTime(Instant.ofEpochMilli(image.eventTime))
                .setProcessingLatencyMillis(emittedAt - image.receivedAt)
                .build();
    }
}
