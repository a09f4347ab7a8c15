package io.flinkalexnet.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.infer.TestImages;
import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.image.AugmentationConfig;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The augmentation step in Flink's operator harness. */
class AugmentationFunctionTest {

    @Test
    void holdsOutTaggedAndHashedImagesUnchangedAndDropsTestImages() throws Exception {
        List<DecodedImage> images = TestImages.images(0, 200);
        images.get(0).split = "VALIDATION";
        images.get(1).split = "TEST";
        images.get(2).split = "TRAIN";
        List<DecodedImage> out = run(0.25, 42, images);

        assertThat(out).hasSize(199).noneMatch(image -> "TEST".equals(image.split));
        DecodedImage tagged = out.get(0);
        assertThat(tagged.heldOut).isTrue();
        assertThat(tagged.pixels).isEqualTo(TestImages.image(0).pixels);
        assertThat(out.get(1).heldOut).as("TRAIN-tagged images are trained on").isFalse();
        long hashed = out.stream().skip(2).filter(image -> image.heldOut).count();
        assertThat(hashed).as("about a quarter of the untagged images").isBetween(25L, 75L);
        assertThat(out.stream().filter(image -> !image.heldOut))
                .allSatisfy(image -> assertThat(image.pixels).isNotEqualTo(TestImages.image(index(image)).pixels));
    }

    @Test
    void augmentsTheSameImageOfTheSamePassIdenticallyAndAnotherPassDifferently() throws Exception {
        DecodedImage again = TestImages.image(5);
        DecodedImage nextPass = TestImages.image(5);
        nextPass.epoch = 1;

        float[] first = run(0, 42, List.of(TestImages.image(5))).get(0).pixels;
        assertThat(run(0, 42, List.of(again)).get(0).pixels).isEqualTo(first);
        assertThat(run(0, 42, List.of(nextPass)).get(0).pixels).isNotEqualTo(first);
        assertThat(run(0, 43, List.of(TestImages.image(5))).get(0).pixels).as("another seed").isNotEqualTo(first);
    }

    @Test
    void theSameIdStaysOnTheSameSideInEveryPass() throws Exception {
        List<DecodedImage> firstPass = run(0.3, 42, TestImages.images(0, 50));
        List<DecodedImage> secondPassImages = TestImages.images(0, 50);
        secondPassImages.forEach(image -> image.epoch = 1);
        List<DecodedImage> secondPass = run(0.3, 42, secondPassImages);

        assertThat(secondPass).extracting(image -> image.heldOut)
                .containsExactlyElementsOf(firstPass.stream().map(image -> image.heldOut).toList());
    }

    private static int index(DecodedImage image) {
        return Integer.parseInt(image.id.substring(image.id.lastIndexOf('/') + 1));
    }

    private static List<DecodedImage> run(double validationFraction, long seed, List<DecodedImage> images)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<DecodedImage, DecodedImage> harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(
                        new AugmentationFunction(AugmentationConfig.DEFAULTS, seed, validationFraction)))) {
            harness.open();
            for (DecodedImage image : images) {
                harness.processElement(new StreamRecord<>(image));
            }
            return harness.extractOutputValues();
        }
    }
}
