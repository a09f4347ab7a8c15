package io.flinkalexnet.model.infer;

import java.util.List;

/** The classifier's answer for one image: the most probable class and the top-k list behind it. */
public record Classification(int label, String className, float confidence, List<ClassScore> topK) {

    /** One class and its softmax probability. */
    public record ClassScore(int label, String className, float probability) {}
}
