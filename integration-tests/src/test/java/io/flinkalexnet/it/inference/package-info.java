/** End-to-end tests of the inference job: exactly-once predictions, hot model swaps, rejections and dead letters. */
package io.flinkalexnet.it.inference;
