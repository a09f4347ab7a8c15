package io.flinkalexnet.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.infer.TestImages;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.jobs.kafka.EncodedRecord;
import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.schemas.TrainingStep;
import io.flinkalexnet.schemas.codec.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingLogTest {

    private final RecordCodec<TrainingStep> codec = RecordCodec.trainingStep();

    @Test
    void recordsNameTheStepItsImagesAndTheirPasses() throws Exception {
        List<DecodedImage> images = TestImages.images(0, 2);
        images.get(1).epoch = 3;
        EncodedRecord record = new TrainingLog(null).record(new StepResult(7, 2, 1.5, 0.5, 1e-3), 3, images);
        TrainingStep step = codec.decode(record.value);

        assertThat(new String(record.key, StandardCharsets.UTF_8)).isEqualTo("7");
        assertThat(step.getStep()).isEqualTo(7);
        assertThat(step.getEpoch()).isEqualTo(3);
        assertThat(step.getImageIds()).extracting(CharSequence::toString).containsExactlyElementsOf(TestImages.ids(0, 2));
        assertThat(step.getImageEpochs()).containsExactly(0, 3);
        assertThat(step.getLoss()).isEqualTo(1.5);
        assertThat(step.getRestoredStateSha256()).isNull();
    }

    @Test
    void onlyTheFirstStepAfterARestoreNamesTheStateItContinuedFrom() throws Exception {
        TrainingLog log = new TrainingLog("abc123");
        List<DecodedImage> images = TestImages.images(0, 1);

        TrainingStep first = codec.decode(log.record(new StepResult(11, 1, 1, 1, 1e-3), 0, images).value);
        TrainingStep second = codec.decode(log.record(new StepResult(12, 1, 1, 1, 1e-3), 0, images).value);
        assertThat(first.getRestoredStateSha256()).hasToString("abc123");
        assertThat(second.getRestoredStateSha256()).isNull();
    }
}
