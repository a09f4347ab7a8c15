/** Model artifacts and the batched classifier that serves them. */
package io.flinkalexnet.model.infer;
