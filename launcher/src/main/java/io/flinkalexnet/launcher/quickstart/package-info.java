/** The quickstart: the whole system on the local stack, from producing the images to the report. */
package io.flinkalexnet.launcher.quickstart;
