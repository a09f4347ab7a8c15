package io.flinkalexnet.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.jobs.infer.TestImages;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.StepResult;
import io.flinkalexnet.model.train.TrainingRecipe;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches trained on the step thread of a real cifar trainer on MXNet. */
class TrainingBatchesTest {

    private static final int BATCH = 4;

    private final AlexNetTrainer trainer = trainer();
    private TrainingBatches batches = new TrainingBatches(trainer, BATCH, 0, "test-step");

    @AfterEach
    void close() throws InterruptedException {
        batches.close();
        trainer.close();
    }

    @Test
    void aBatchIsFullAtItsLastImageAndKeepsArrivalOrderAfterTheRestoredOnes() {
        batches.restorePending(TestImages.images(0, 2));

        assertThat(batches.add(TestImages.image(2))).isFalse();
        assertThat(batches.add(TestImages.image(3))).isTrue();
        List<DecodedImage> pending = batches.pending();
        assertThat(pending).extracting(image -> image.id).containsExactlyElementsOf(TestImages.ids(0, 4));
        pending.clear();
        assertThat(batches.pending()).as("a copy, for the checkpoint").hasSize(BATCH);
    }

    @Test
    void trainsEachBatchAsADirectStepOnItsImagesWould() throws Exception {
        List<DecodedImage> full = TestImages.images(0, BATCH);
        // A partial batch after a full one reuses its buffers; only its own images may count.
        List<DecodedImage> partial = TestImages.images(BATCH, 3);
        TrainingBatches.CompletedStep first = trainedAsOneBatch(full);
        TrainingBatches.CompletedStep second = trainedAsOneBatch(partial);

        try (AlexNetTrainer reference = trainer()) {
            StepResult firstDirect = trainDirectly(reference, full);
            StepResult secondDirect = trainDirectly(reference, partial);
            assertThat(first.result()).isEqualTo(firstDirect);
            assertThat(second.result()).isEqualTo(secondDirect);
        }
        assertThat(second.result().batchSize()).isEqualTo(3);
        assertThat(second.images()).extracting(image -> image.id).containsExactlyElementsOf(TestImages.ids(BATCH, 3));
        assertThat(trainer.step()).isEqualTo(2);
        assertThat(batches.hasPending()).isFalse();
    }

    @Test
    void aBatchBringsTheTrainerToTheLatestPassOfItsImages() throws Exception {
        List<DecodedImage> images = TestImages.images(0, BATCH);
        images.get(1).epoch = 2;
        images.get(2).epoch = 1;

        assertThat(trainedAsOneBatch(images).epoch()).isEqualTo(2);
        assertThat(trainer.epoch()).isEqualTo(2);
        assertThat(trainedAsOneBatch(TestImages.images(BATCH, BATCH)).epoch()).as("never back").isEqualTo(2);
    }

    @Test
    void refusesToStartABatchWhileAStepIsInFlightAndKeepsItsImages() throws Exception {
        TestImages.images(0, BATCH).forEach(batches::add);
        batches.startStep();
        TestImages.images(BATCH, BATCH).forEach(batches::add);

        assertThatThrownBy(batches::startStep).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still in flight");
        assertThat(batches.pending()).extracting(image -> image.id)
                .containsExactlyElementsOf(TestImages.ids(BATCH, BATCH));
        assertThat(batches.finishStep()).isPresent();
        assertThat(batches.finishStep()).as("nothing in flight any more").isEmpty();
    }

    @Test
    void theStepLimitCountsTheStepInFlight() throws Exception {
        batches = new TrainingBatches(trainer, BATCH, 1, "test-step");
        assertThat(batches.stepLimitReached()).isFalse();
        TestImages.images(0, BATCH).forEach(batches::add);

        batches.startStep();

        assertThat(batches.stepLimitReached()).as("before the step ends").isTrue();
        batches.finishStep();
        assertThat(batches.stepLimitReached()).isTrue();
    }

    @Test
    void withoutAStepLimitItIsNeverReached() throws Exception {
        trainedAsOneBatch(TestImages.images(0, BATCH));

        assertThat(batches.stepLimitReached()).isFalse();
    }

    @Test
    void aFailedStepFailsItsFinishAndTheNextStepCanStart() throws Exception {
        List<DecodedImage> images = TestImages.images(0, BATCH);
        images.get(3).label = 10;
        images.forEach(batches::add);
        batches.startStep();

        assertThatThrownBy(batches::finishStep).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("training step failed: label 10 of image 3 is outside 0..9");
        assertThat(trainedAsOneBatch(TestImages.images(BATCH, BATCH)).result().step()).isEqualTo(1);
    }

    /** Adds the images as one batch, full or not, and trains it. */
    private TrainingBatches.CompletedStep trainedAsOneBatch(List<DecodedImage> images) throws Exception {
        images.forEach(batches::add);
        batches.startStep();
        return batches.finishStep().orElseThrow();
    }

    private static StepResult trainDirectly(AlexNetTrainer trainer, List<DecodedImage> images) {
        return trainer.trainStep(TestImages.pixels(images), TestImages.labels(images), images.size());
    }

    private static AlexNetTrainer trainer() {
        return AlexNetTrainer.builder().setVariant(Variant.CIFAR).optEngine(Engines.MXNET).optDevices("cpu")
                .optConfig(TrainingRecipe.REFERENCE.config(Variant.CIFAR, 0).withSeed(42)).build();
    }
}
