/**
 * Image data sets as {@code ImageRecord}s: a streaming reader and a writer for the CIFAR-10 binary layout
 * (single batch files, folders of them, or the official {@code cifar-10-binary.tar.gz}) and a deterministic,
 * learnable synthetic 10-class data set for tests and the quickstart.
 */
package io.flinkalexnet.model.data;
