package io.flinkalexnet.jobs.train;

/** The trainer operator's own counters, checkpointed beside the model's training state. */
public class TrainerProgress {
    /** Versions exported so far; the next export is this plus one. */
    public long modelVersion;
    public long lastExportStep;
    /** SHA-256 of the training state bytes in the same checkpoint, checked on restore. */
    public String stateSha256;
    public double lossSinceExport;
    public double accuracySinceExport;
    public long stepsSinceExport;
    public long skippedAfterStepLimit;

    public TrainerProgress() {}
}
