package io.flinkalexnet.jobs;

import io.flinkalexnet.jobs.config.JobConfiguration;
import io.flinkalexnet.jobs.infer.ClassifierOperator;
import io.flinkalexnet.jobs.ingest.DeadLetters;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.ingest.ImageDecodeFunction;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.jobs.kafka.KafkaIo;
import io.flinkalexnet.jobs.kafka.SourceRecord;
import io.flinkalexnet.model.data.CifarBinaryReader;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The inference job: images from Kafka are decoded (bad records to the dead-letter topic),
 * classified in micro-batches by the newest model version the models topic announced, hot-swapped
 * between batches, and written to the predictions topic, exactly once.
 *
 * <pre>
 * flink run -c io.flinkalexnet.jobs.InferenceJob flink-jobs.jar --kafka.bootstrap-servers kafka:9092
 * </pre>
 */
public final class InferenceJob {

    /** The job's name in the web UI, and the default of its consumer group and transactional-id prefix. */
    public static final String NAME = "flink-alexnet-inference";

    private static final long CLASSIFIER_BUFFER_TIMEOUT_MS = 5;

    private InferenceJob() {}

    public static void main(String[] args) throws Exception {
        if (JobConfiguration.printedHelp(args, "inference", InferenceJobOptions.OPTIONS)) {
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        InferenceJobConfig config = InferenceJobConfig.fromArgs(env.getConfiguration(), args);
        configure(env, config);
        build(env, config);
        env.execute(NAME);
    }

    /** Exactly-once checkpoints at the job's interval unless the cluster sets one, with snapshot compression. */
    public static void configure(StreamExecutionEnvironment env, InferenceJobConfig config) {
        JobConfiguration.configureCheckpointing(env, config.checkpointInterval());
    }

    /** Adds the job's sources, operators and sinks to {@code env}. */
    public static void build(StreamExecutionEnvironment env, InferenceJobConfig config) {
        SingleOutputStreamOperator<DecodedImage> images = readImages(env, config);
        writeOutputs(classify(images, readModels(env, config), config), images.getSideOutput(DeadLetters.TAG),
                config);
    }

    /** Source and decoding at the job's parallelism; the dead letters are the {@link DeadLetters#TAG} side output. */
    public static SingleOutputStreamOperator<DecodedImage> readImages(StreamExecutionEnvironment env,
            InferenceJobConfig config) {
        return env
                .fromSource(KafkaIo.images(config.kafka(), config.inferenceTopic(), config.groupId(),
                                config.boundedEndOffsets() ? 1 : 0),
                        WatermarkStrategy.noWatermarks(), "inference-images", TypeInformation.of(SourceRecord.class))
                .uid("inference-images")
                .process(new ImageDecodeFunction("inference", false, CifarBinaryReader.STANDARD_CLASS_NAMES.size(),
                        config.maxRecordBytes()))
                .name("decode")
                .uid("decode");
    }

    /** The models topic as raw records, from its first offset (to its end offsets at start, when bounded). */
    public static DataStream<SourceRecord> readModels(StreamExecutionEnvironment env, InferenceJobConfig config) {
        return env
                .fromSource(config.boundedEndOffsets()
                                ? KafkaIo.images(config.kafka(), config.modelsTopic(), config.modelsGroupId(), 1)
                                : KafkaIo.everything(config.kafka(), config.modelsTopic(), config.modelsGroupId()),
                        WatermarkStrategy.noWatermarks(), "model-updates", TypeInformation.of(SourceRecord.class))
                .uid("model-updates")
                .setParallelism(1);
    }

    /** The classifier, with the model updates broadcast to every subtask; its output is the encoded Predictions. */
    public static SingleOutputStreamOperator<EncodedRecord> classify(DataStream<DecodedImage> images,
            DataStream<SourceRecord> models, InferenceJobConfig config) {
        return images
                .keyBy(new ImageId())
                .connect(models.broadcast())
                .transform("classify", TypeInformation.of(EncodedRecord.class),
                        new ClassifierOperator(config.classifier()))
                .uid("classify")
                // Predictions are small: at the default 100 ms a network buffer waits for its timeout, not for
                // being full, and every prediction would wait up to 100 ms on the way to its (unchained) sink.
                .setBufferTimeout(CLASSIFIER_BUFFER_TIMEOUT_MS);
    }

    /** The exactly-once sinks of predictions and dead letters. */
    public static void writeOutputs(DataStream<EncodedRecord> predictions, DataStream<EncodedRecord> deadLetters,
            InferenceJobConfig config) {
        predictions.sinkTo(KafkaIo.sink(config.kafka(), config.predictionsTopic(),
                        config.transactionalIdPrefix() + "-predictions"))
                .name("predictions-sink").uid("predictions-sink")
                // At each checkpoint the exactly-once sink flushes, opens the next transaction and commits the last
                // one, each a wait on the broker; in a task of its own that wait no longer holds up the classifier.
                .disableChaining();
        deadLetters
                .sinkTo(KafkaIo.sink(config.kafka(), config.deadLetterTopic(), config.transactionalIdPrefix() + "-dlq"))
                .name("dead-letter-sink").uid("dead-letter-sink");
    }

    /** Spreads images over the classifier subtasks by id. */
    static final class ImageId implements KeySelector<DecodedImage, String> {
        @Override
        public String getKey(DecodedImage image) {
            return image.id;
        }
    }
}
