package io.flinkalexnet.schemas.codec;

import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.flinkalexnet.schemas.ClassProbability;
import io.flinkalexnet.schemas.DeadLetter;
import io.flinkalexnet.schemas.ImageRecord;
import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.PixelEncoding;
import io.flinkalexnet.schemas.Prediction;
import io.flinkalexnet.schemas.Split;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Contract records with every field set, and variants with their optional fields null, for the codec tests. */
final class SampleRecords {

  /** CIFAR-10 image size in bytes: 32 x 32 pixels x 3 channels. */
  private static final int CIFAR_PIXELS = 32 * 32 * 3;

  private SampleRecords() {}

  /** One codec per contract record, for parameterized tests. */
  static Stream<Arguments> contractCodecs() {
    return Stream.of(
        argumentSet("ImageRecord", RecordCodec.imageRecord()),
        argumentSet("Prediction", RecordCodec.prediction()),
        argumentSet("ModelUpdate", RecordCodec.modelUpdate()),
        argumentSet("DeadLetter", RecordCodec.deadLetter()),
        argumentSet("TrainingStep", RecordCodec.trainingStep()));
  }

  /** One codec per contract record with a sample of that record, every field set. */
  static Stream<Arguments> contractSamples() {
    return Stream.of(
        argumentSet("ImageRecord", RecordCodec.imageRecord(), labelledImage("cifar-10/1")),
        argumentSet("Prediction", RecordCodec.prediction(), prediction()),
        argumentSet("ModelUpdate", RecordCodec.modelUpdate(), modelUpdate()),
        argumentSet("DeadLetter", RecordCodec.deadLetter(), deadLetter()));
  }

  static ImageRecord labelledImage(String id) {
    byte[] pixels = new byte[CIFAR_PIXELS];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 31 + id.hashCode());
    }
    return ImageRecord.newBuilder()
        .setId(id)
        .setEventTime(Instant.parse("2025-03-01T12:00:00.123Z"))
        .setLabel(7)
        .setWidth(32)
        .setHeight(32)
        .setChannels(3)
        .setEncoding(PixelEncoding.RGB_PLANAR)
        .setPixels(ByteBuffer.wrap(pixels))
        .setSource("cifar-10:data_batch_1.bin")
        .setSplit(Split.VALIDATION)
        .build();
  }

  /** An inference image: no label, no split, default source, PNG bytes. */
  static ImageRecord unlabelledImage() {
    return ImageRecord.newBuilder()
        .setId("camera-4/000172")
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
        .setWidth(32)
        .setHeight(32)
        .setChannels(3)
        .setEncoding(PixelEncoding.PNG)
        .setPixels(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}))
        .build();
  }

  static Prediction prediction() {
    return Prediction.newBuilder()
        .setImageId("camera-4/000172")
        .setLabel(3)
        .setClassName("cat")
        .setConfidence(0.71f)
        .setTopK(
            List.of(
                new ClassProbability(3, "cat", 0.71f),
                new ClassProbability(5, "dog", 0.2f),
                new ClassProbability(2, "bird", 0.05f)))
        .setModelVersion(12)
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
        .setProcessingLatencyMillis(38)
        .build();
  }

  static ModelUpdate modelUpdate() {
    return ModelUpdate.newBuilder()
        .setModelVersion(12)
        .setArchitecture("alexnet")
        .setVariant("cifar")
        .setEngine("MXNet")
        .setNumClasses(10)
        .setTrainingStep(48_000)
        .setEpoch(3)
        .setTrainingLoss(0.84)
        .setTrainingAccuracy(0.702)
        .setValidationAccuracy(0.655)
        .setValidationCount(5_000)
        .setArtifactUri("file:///var/lib/flink-alexnet/models/12/alexnet-0012.params")
        .setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .setSizeBytes(9_321_472)
        .setCreatedAt(Instant.parse("2025-03-01T13:14:15.016Z"))
        .build();
  }

  /** A model exported before any validation record arrived. */
  static ModelUpdate modelUpdateWithoutValidation() {
    return ModelUpdate.newBuilder(modelUpdate()).setValidationAccuracy(null).setValidationCount(0).build();
  }

  static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setSourceTopic("images.train")
        .setPartition(2)
        .setOffset(918_273)
        .setReason("LABEL_OUT_OF_RANGE")
        .setMessage("ImageRecord.label is 12 but must be 0..9; fix the producer's label mapping.")
        .setRecordId("cifar-10/train/000042")
        .setFailedAt(Instant.parse("2025-03-01T12:00:01.500Z"))
        .setJob("training")
        .setPayload(ByteBuffer.wrap("the original value".getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** A dead letter for bytes that could not be decoded at all, so without a record id. */
  static DeadLetter undecodableDeadLetter() {
    return DeadLetter.newBuilder(deadLetter())
        .setReason("NOT_SINGLE_OBJECT")
        .setRecordId(null)
        .setPayload(ByteBuffer.wrap("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
