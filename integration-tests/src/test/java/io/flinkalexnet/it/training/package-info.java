/** End-to-end tests of the training job. */
package io.flinkalexnet.it.training;
