package io.flinkalexnet.jobs.ingest;

import io.flinkalexnet.jobs.kafka.SourceRecord;
import io.flinkalexnet.model.image.InvalidImageException;
import io.flinkalexnet.model.image.RecordValidator;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.codec.RecordCodec;
import io.flinkalexnet.schemas.codec.RecordDecodingException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes Avro single-object {@code ImageRecord}s and validates them into {@link DecodedImage}s;
 * every record that fails goes to the {@link DeadLetters#TAG} side output with its reason, is
 * counted in the {@code deadLetters} metric and in the {@code deadLetters} counter of its reason's
 * group ({@code reason}: one per reason, registered at start so that a rate reads 0 rather than
 * nothing), and the job goes on.
 */
public class ImageDecodeFunction extends ProcessFunction<SourceRecord, DecodedImage> {

    /** The dead-letter counter, in the operator's group and in each reason's. */
    public static final String DEAD_LETTERS = "deadLetters";

    /** The key of the metric group of one rejection reason, e.g. {@code reason=UNKNOWN_SCHEMA}. */
    public static final String REASON_GROUP = "reason";

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecodeFunction.class);

    private final String job;
    private final RecordCodec<ImageRecord> codec;
    private final RecordValidator validator;
    private transient Counter deadLetters;
    private transient Map<String, Counter> deadLettersByReason;

    /**
     * @param job "training" or "inference", recorded in each dead letter
     * @param labelRequired whether a record without a label is invalid
     * @param maxPayloadBytes largest accepted record value
     */
    public ImageDecodeFunction(String job, boolean labelRequired, int numClasses, int maxPayloadBytes) {
        this.job = job;
        this.codec = RecordCodec.imageRecord();
        this.validator = new RecordValidator(numClasses, labelRequired, maxPayloadBytes);
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        deadLetters = metrics.counter(DEAD_LETTERS);
        deadLettersByReason = new HashMap<>();
        Stream.concat(Arrays.stream(RecordDecodingException.Reason.values()),
                        Arrays.stream(InvalidImageException.Reason.values()))
                .map(Enum::name)
                .forEach(reason -> deadLettersByReason.put(reason,
                        metrics.addGroup(REASON_GROUP, reason).counter(DEAD_LETTERS)));
    }

    @Override
    public void processElement(SourceRecord record, Context context, Collector<DecodedImage> out) {
        if (record.value != null && record.value.length > validator.maxPayloadBytes()) {
            reject(record, context, InvalidImageException.Reason.PAYLOAD_TOO_LARGE.name(),
                    "record is " + record.value.length + " bytes, over the limit of " + validator.maxPayloadBytes()
                            + "; send smaller images or raise the record size limit", null);
            return;
        }
        ImageRecord image;
        try {
            image = codec.decode(record.value);
        } catch (RecordDecodingException e) {
            reject(record, context, e.reason().name(), e.getMessage(), null);
            return;
        }
        DecodedImage decoded = new DecodedImage();
        try {
            decoded.pixels = validator.validate(image);
        } catch (InvalidImageException e) {
            reject(record, context, e.reason().name(), e.getMessage(), image.getId());
            return;
        }
        decoded.id = image.getId();
        decoded.label = image.getLabel() == null ? DecodedImage.NO_LABEL : image.getLabel();
        decoded.split = image.getSplit() == null ? null : image.getSplit().name();
        decoded.epoch = record.epoch;
        decoded.eventTime = image.getEventTime().toEpochMilli();
        decoded.receivedAt = System.currentTimeMillis();
        out.collect(decoded);
    }

    private void reject(SourceRecord record, Context context, String reason, String message, String recordId) {
        deadLetters.inc();
        deadLettersByReason.get(reason).inc();
        LOG.warn("dead letter {} at {}-{}@{}: {}", reason, record.topic, record.partition, record.offset, message);
        context.output(DeadLetters.TAG, DeadLetters.of(record, reason, message, recordId, job));
    }
}
