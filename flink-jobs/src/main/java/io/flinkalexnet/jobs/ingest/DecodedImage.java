package io.flinkalexnet.jobs.ingest;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A valid image after decoding: 3×32×32 floats in [0, 1] (CHW), its id, label (-1 when absent),
 * intended split, the pass that read it and its timestamps.
 */
@TypeInfo(DecodedImageTypeInfo.Factory.class)
public class DecodedImage {
    public static final int NO_LABEL = -1;

    public String id;
    public int label = NO_LABEL;
    /** The record's split tag: TRAIN, VALIDATION, TEST, or null when absent. */
    public String split;
    public int epoch;
    public long eventTime;
    /** When the job read it (ms since epoch), for end-to-end latency. */
    public long receivedAt;
    public float[] pixels;
    /** Set by the training job: scored at exports, never trained on. */
    public boolean heldOut;

    public DecodedImage() {}
}
