package io.flinkalexnet.model.train;

/**
 * Scores of one evaluated batch: summed cross-entropy, correct count and each image's predicted
 * class, so callers can merge batches and fill a confusion matrix.
 */
public record ValidationResult(int count, double lossSum, int correct, int[] predicted) {

    public double meanLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }
}
