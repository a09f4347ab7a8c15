package io.flinkalexnet.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.TrainingStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures the report draws from a training run. */
class TrainingHistoryTest {

    @Test
    void stepsAreInStepOrderWhateverOrderTheyArrivedIn() {
        List<TrainingStep> steps = steps(5, 2, 0);
        Collections.reverse(steps);

        assertThat(TrainingHistory.of(steps, List.of()).stepNumbers()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void imagesPerSecondIsTheWindowsImagesOverItsTime() {
        // Two images per step, one step every 500 ms: 4 images per second.
        TrainingHistory history = TrainingHistory.of(steps(6, 2, 0), List.of());

        double[] rates = history.imagesPerSecond(2);

        assertThat(rates[0]).isNaN();
        assertThat(rates[1]).isNaN();
        assertThat(rates[2]).isEqualTo(4.0);
        assertThat(rates[5]).isEqualTo(4.0);
        assertThat(history.sustainedImagesPerSecond(1)).isEqualTo(4.0);
    }

    @Test
    void epochStartsAreTheStepsWhereTheEpochChanges() {
        List<TrainingStep> steps = steps(6, 2, 0);
        steps.subList(2, 6).forEach(step -> step.setEpoch(1));
        steps.subList(4, 6).forEach(step -> step.setEpoch(2));

        TrainingHistory history = TrainingHistory.of(steps, List.of());

        assertThat(history.epochStarts()).containsExactly(3, 5);
        assertThat(history.epochs()).isEqualTo(3);
    }

    @Test
    void epochSummariesAverageTheirStepsAndTakeTheirLastExportsValidationAccuracy() {
        List<TrainingStep> steps = steps(4, 2, 0);
        steps.subList(2, 4).forEach(step -> step.setEpoch(1));
        ModelUpdate firstExport = update(1, 2, 0.25);
        ModelUpdate secondExport = update(2, 3, 0.5);
        ModelUpdate lastExport = update(3, 4, 0.75);
        secondExport.setEpoch(1);
        lastExport.setEpoch(1);

        List<TrainingHistory.Epoch> epochs = TrainingHistory.of(steps, List.of(firstExport, secondExport, lastExport))
                .epochSummaries();

        assertThat(epochs).containsExactly(
                new TrainingHistory.Epoch(1, 2, (2.0 + 1.0) / 2, (0.1 + 0.2) / 2, 0.25),
                new TrainingHistory.Epoch(2, 2, (2.0 / 3 + 0.5) / 2, (0.1 * 3 + 0.1 * 4) / 2, 0.75));
    }

    @Test
    void validationPointsAreTheExportsThatHaveAnAccuracy() {
        TrainingHistory history = TrainingHistory.of(steps(4, 2, 0),
                List.of(update(2, 10, 0.5), update(1, 5, null), update(3, 15, 0.75)));

        assertThat(history.validationSteps()).containsExactly(10, 15);
        assertThat(history.validationAccuracies()).containsExactly(0.5, 0.75);
    }

    @Test
    void movingAverageAveragesTheValuesSoFarUntilTheWindowIsFull() {
        assertThat(TrainingHistory.movingAverage(new double[] {2, 4, 6, 8}, 2)).containsExactly(2, 3, 5, 7);
    }

    /** {@code count} steps of {@code imagesPerStep} images, 500 ms apart, in epoch {@code epoch}. */
    static List<TrainingStep> steps(int count, int imagesPerStep, int epoch) {
        List<TrainingStep> steps = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            List<String> ids = new ArrayList<>();
            for (int j = 0; j < imagesPerStep; j++) {
                ids.add("image-" + i + "-" + j);
            }
            steps.add(TrainingStep.newBuilder()
                    .setStep(i)
                    .setEpoch(epoch)
                    .setImageIds(ids)
                    .setLoss(2.0 / i)
                    .setAccuracy(0.1 * i)
                    .setLearningRate(1e-3)
                    .setCreatedAt(Instant.ofEpochMilli(500L * i))
                    .build());
        }
        return steps;
    }

    static ModelUpdate update(long version, long step, Double validationAccuracy) {
        return ModelUpdate.newBuilder()
                .setModelVersion(version)
                .setArchitecture("alexnet")
                .setVariant("cifar")
                .setEngine("MXNet")
                .setTrainingStep(step)
                .setEpoch(0)
                .setTrainingLoss(1.0)
                .setTrainingAccuracy(0.5)
                .setValidationAccuracy(validationAccuracy)
                .setArtifactUri("file:///models/v" + version + "/model.zip")
                .setSha256("00")
                .setSizeBytes(1)
                .setCreatedAt(Instant.EPOCH)
                .build();
    }
}
