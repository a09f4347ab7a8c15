/** The jobs as an operator watches them: the Prometheus endpoint and what the dashboard and the alerts read. */
package io.flinkalexnet.it.monitoring;
