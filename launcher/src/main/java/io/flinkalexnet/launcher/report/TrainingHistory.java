package io.flinkalexnet.launcher.report;

import io.flinkalexnet.schemas.ModelUpdate;
import io.flinkalexnet.schemas.TrainingStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a training run reported: each optimizer step's loss, batch accuracy, images and finish time (from the
 * training log's {@link TrainingStep}s), and the validation accuracy of each exported version (from the
 * {@link ModelUpdate}s). Immutable.
 */
public final class TrainingHistory {

    private final List<TrainingStep> steps;
    private final List<ModelUpdate> updates;

    private TrainingHistory(List<TrainingStep> steps, List<ModelUpdate> updates) {
        this.steps = steps;
        this.updates = updates;
    }

    /** The history of the given records, in step and version order. */
    public static TrainingHistory of(List<TrainingStep> steps, List<ModelUpdate> updates) {
        List<TrainingStep> sortedSteps = new ArrayList<>(steps);
        sortedSteps.sort(Comparator.comparingLong(TrainingStep::getStep));
        List<ModelUpdate> sortedUpdates = new ArrayList<>(updates);
        sortedUpdates.sort(Comparator.comparingLong(ModelUpdate::getModelVersion));
        return new TrainingHistory(List.copyOf(sortedSteps), List.copyOf(sortedUpdates));
    }

    /** Optimizer steps logged. */
    public int stepCount() {
        return steps.size();
    }

    /** Images trained on over all steps. */
    public long imagesTrained() {
        return steps.stream().mapToLong(step -> step.getImageIds().size()).sum();
    }

    /** Epochs the steps span (the last step's epoch, 0-based, plus one); 0 without steps. */
    public int epochs() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).getEpoch() + 1;
    }

    /** The exported versions, in order. */
    public List<ModelUpdate> updates() {
        return updates;
    }

    /** The step numbers. */
    public double[] stepNumbers() {
        return steps.stream().mapToDouble(TrainingStep::getStep).toArray();
    }

    /** Each step's mean cross-entropy. */
    public double[] losses() {
        return steps.stream().mapToDouble(TrainingStep::getLoss).toArray();
    }

    /** Each step's batch accuracy. */
    public double[] accuracies() {
        return steps.stream().mapToDouble(TrainingStep::getAccuracy).toArray();
    }

    /** The steps at which a new epoch began (after the first). */
    public double[] epochStarts() {
        List<Double> starts = new ArrayList<>();
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).getEpoch() != steps.get(i - 1).getEpoch()) {
                starts.add((double) steps.get(i).getStep());
            }
        }
        return starts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The training step of each export that has a validation accuracy. */
    public double[] validationSteps() {
        return updates.stream().filter(update -> update.getValidationAccuracy() != null)
                .mapToDouble(ModelUpdate::getTrainingStep).toArray();
    }

    /** The validation accuracy of each export that has one. */
    public double[] validationAccuracies() {
        return updates.stream().filter(update -> update.getValidationAccuracy() != null)
                .mapToDouble(ModelUpdate::getValidationAccuracy).toArray();
    }

    /** When each step ended, in epoch milliseconds. */
    public long[] stepEndMillis() {
        return steps.stream().mapToLong(step -> step.getCreatedAt().toEpochMilli()).toArray();
    }

    /** Seconds from the first step's end to each step's end. */
    public double[] elapsedSeconds() {
        if (steps.isEmpty()) {
            return new double[0];
        }
        long first = steps.get(0).getCreatedAt().toEpochMilli();
        return steps.stream().mapToDouble(step -> (step.getCreatedAt().toEpochMilli() - first) / 1000.0).toArray();
    }

    /**
     * Images a second over the {@code window} steps ending at each step (NaN for the first {@code window} steps,
     * which have no full window behind them).
     */
    public double[] imagesPerSecond(int window) {
        double[] rates = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            if (i < window) {
                rates[i] = Double.NaN;
                continue;
            }
            long images = 0;
            for (int j = i - window + 1; j <= i; j++) {
                images += steps.get(j).getImageIds().size();
            }
            double seconds = (steps.get(i).getCreatedAt().toEpochMilli()
                    - steps.get(i - window).getCreatedAt().toEpochMilli()) / 1000.0;
            rates[i] = seconds > 0 ? images / seconds : Double.NaN;
        }
        return rates;
    }

    /** Mean images a second from the end of step {@code warmupSteps} to the last step; NaN if too few steps. */
    public double sustainedImagesPerSecond(int warmupSteps) {
        if (steps.size() <= warmupSteps + 1) {
            return Double.NaN;
        }
        TrainingStep first = steps.get(warmupSteps);
        TrainingStep last = steps.get(steps.size() - 1);
        long images = steps.subList(warmupSteps + 1, steps.size()).stream()
                .mapToLong(step -> step.getImageIds().size()).sum();
        double seconds = (last.getCreatedAt().toEpochMilli() - first.getCreatedAt().toEpochMilli()) / 1000.0;
        return seconds > 0 ? images / seconds : Double.NaN;
    }

    /**
     * The figures of one epoch.
     *
     * @param epoch the epoch, 1-based
     * @param steps optimizer steps in it
     * @param meanLoss mean of its steps' losses
     * @param meanAccuracy mean of its steps' batch accuracies
     * @param validationAccuracy validation accuracy of its last export, NaN when it exported none with one
     */
    public record Epoch(int epoch, int steps, double meanLoss, double meanAccuracy, double validationAccuracy) {}

    /** One summary per epoch that has steps, in order. */
    public List<Epoch> epochSummaries() {
        List<Epoch> epochs = new ArrayList<>();
        for (int epoch = 0; epoch < epochs(); epoch++) {
            int current = epoch;
            List<TrainingStep> inEpoch = steps.stream().filter(step -> step.getEpoch() == current).toList();
            if (inEpoch.isEmpty()) {
                continue;
            }
            double validation = updates.stream()
                    .filter(update -> update.getEpoch() == current && update.getValidationAccuracy() != null)
                    .mapToDouble(ModelUpdate::getValidationAccuracy)
                    .reduce((first, second) -> second).orElse(Double.NaN);
            epochs.add(new Epoch(epoch + 1, inEpoch.size(),
                    inEpoch.stream().mapToDouble(TrainingStep::getLoss).average().orElse(Double.NaN),
                    inEpoch.stream().mapToDouble(TrainingStep::getAccuracy).average().orElse(Double.NaN),
                    validation));
        }
        return epochs;
    }

    /** The trailing mean over up to {@code window} values ending at each position. */
    public static double[] movingAverage(double[] values, int window) {
        double[] averages = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= window) {
                sum -= values[i - window];
            }
            averages[i] = sum / Math.min(i + 1, window);
        }
        return averages;
    }
}
