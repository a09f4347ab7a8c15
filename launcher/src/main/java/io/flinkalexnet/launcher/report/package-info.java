/** The run report: the training history, PNG charts drawn with Java2D, and the HTML page that shows them. */
package io.flinkalexnet.launcher.report;
