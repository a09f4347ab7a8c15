package io.flinkalexnet.jobs.train;

import io.flinkalexnet.jobs.ingest.DecodedImage;
import io.flinkalexnet.model.image.AugmentationConfig;
import io.flinkalexnet.model.image.AugmentationPipeline;
import io.flinkalexnet.model.image.ImageShape;
import io.flinkalexnet.model.seed.Seeds;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sorts decoded images into held-out validation images and training images, and augments the
 * training images deterministically from (seed, id, epoch), so a replay after a failure trains on
 * exactly the same pixels. TEST-tagged records, and UNKNOWN ones (a split newer than this job's
 * schema), are never trained on nor scored; they are counted in the {@code recordsNotForTraining}
 * metric.
 */
public class AugmentationFunction extends ProcessFunction<DecodedImage, DecodedImage> {

    private static final String VALIDATION = "VALIDATION";
    private static final String TRAIN = "TRAIN";
    private static final long FRACTION_SCALE = 1_000_000L;

    private final AugmentationPipeline pipeline;
    private final long seed;
    private final long heldOutPerMillion;
    private transient Counter notForTraining;
    private transient Counter heldOut;

    public AugmentationFunction(AugmentationConfig config, long seed, double validationFraction) {
        this.pipeline = new AugmentationPipeline(config);
        this.seed = seed;
        this.heldOutPerMillion = Math.round(validationFraction * FRACTION_SCALE);
    }

    @Override
    public void open(OpenContext context) {
        notForTraining = getRuntimeContext().getMetricGroup().counter("recordsNotForTraining");
        heldOut = getRuntimeContext().getMetricGroup().counter("validationRecords");
    }

    @Override
    public void processElement(DecodedImage image, Context context, Collector<DecodedImage> out) {
        if (image.split != null && !TRAIN.equals(image.split) && !VALIDATION.equals(image.split)) {
            notForTraining.inc();
            return;
        }
        image.heldOut = VALIDATION.equals(image.split) || (image.split == null && hashedIntoValidation(image.id));
        if (image.heldOut) {
            heldOut.inc();
        } else if (pipeline.config().enabled()) {
            image.pixels = pipeline.augment(image.pixels, ImageShape.CHANNELS, ImageShape.HEIGHT,
                    ImageShape.WIDTH, AugmentationPipeline.seedFor(seed, image.id, image.epoch));
        }
        out.collect(image);
    }

    /** Stable across epochs and restarts: the same id is always on the same side. */
    private boolean hashedIntoValidation(String id) {
        return heldOutPerMillion > 0
                && Math.floorMod(Seeds.mix64(Seeds.hash(id) ^ seed), FRACTION_SCALE) < heldOutPerMillion;
    }
}
