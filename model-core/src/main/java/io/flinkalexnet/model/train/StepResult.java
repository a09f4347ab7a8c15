package io.flinkalexnet.model.train;

/** What one training step did: the batch's mean cross-entropy and accuracy, and where training is. */
public record StepResult(long step, int batchSize, double loss, double accuracy, double learningRate) {}
