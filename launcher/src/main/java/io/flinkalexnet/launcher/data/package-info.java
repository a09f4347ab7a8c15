/** Images from the paths users give (CIFAR-10 batches, folders, the archive, PNG/JPEG folders) and the CIFAR-10 download. */
package io.flinkalexnet.launcher.data;
