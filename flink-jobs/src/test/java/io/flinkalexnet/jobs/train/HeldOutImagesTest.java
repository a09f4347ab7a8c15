package io.flinkalexnet.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.infer.TestImages;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.model.train.AlexNetTrainer;
import io.flinkalexnet.model.train.ValidationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldOutImagesTest {

    @Test
    void keepsOneImagePerIdUpToTheBoundInArrivalOrder() {
        HeldOutImages heldOut = new HeldOutImages(3, 2);
        List<DecodedImage> images = TestImages.images(0, 4);

        assertThat(images.subList(0, 3)).allSatisfy(image -> assertThat(heldOut.keep(image)).isTrue());
        assertThat(heldOut.keep(images.get(3))).as("a new id beyond the bound").isFalse();
        DecodedImage againInALaterPass = TestImages.image(1);
        againInALaterPass.epoch = 1;
        assertThat(heldOut.keep(againInALaterPass)).as("a kept id is replaced").isTrue();
        assertThat(heldOut.images()).extracting(image -> image.id).containsExactlyElementsOf(TestImages.ids(0, 3));
        assertThat(heldOut.images().get(1).epoch).isEqualTo(1);
    }

    @Test
    void scoresEveryImageInBatchesAsOnePassOverAllOfThemWould() {
        HeldOutImages heldOut = new HeldOutImages(10, 3);
        heldOut.restore(TestImages.images(0, 7));
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(Variant.CIFAR).optDevices("cpu").build()) {
            ValidationResult score = heldOut.score(trainer);

            List<DecodedImage> images = heldOut.images();
            ValidationResult whole = trainer.validate(TestImages.pixels(images), TestImages.labels(images),
                    images.size());
            assertThat(score.count()).isEqualTo(7);
            assertThat(score.correct()).isEqualTo(whole.correct());
            assertThat(score.lossSum()).isCloseTo(whole.lossSum(), org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void scoresNothingWithoutImages() {
        try (AlexNetTrainer trainer = AlexNetTrainer.builder().setVariant(Variant.CIFAR).optDevices("cpu").build()) {
            assertThat(new HeldOutImages(10, 3).score(trainer).count()).isZero();
        }
    }
}
