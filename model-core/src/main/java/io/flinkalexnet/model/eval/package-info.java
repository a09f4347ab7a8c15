/** Classification metrics: the confusion matrix with overall and per-class accuracy and a readable table. */
package io.flinkalexnet.model.eval;
