package io.flinkalexnet.launcher.report;

import io.flinkalexnet.model.eval.ConfusionMatrix;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a run, readable without a server: {@value #HTML} with the run's facts, the per-class accuracy and
 * the confusion matrix, next to PNG charts of the training loss, the training and validation accuracy, the
 * throughput, and the confusion matrix.
 */
public final class QuickstartReport {

    /** The report's file name. */
    public static final String HTML = "report.html";
    /** The chart file names, in the order the report shows them. */
    public static final List<String> CHARTS = List.of("loss.png", "accuracy.png", "throughput.png",
            "confusion-matrix.png");

    private static final Color LIGHT_BLUE = new Color(166, 206, 227);
    private static final Color BLUE = new Color(31, 120, 180);
    private static final Color ORANGE = new Color(255, 127, 0);
    private static final Color GREEN = new Color(51, 160, 44);

    /**
     * What the report shows.
     *
     * @param title the heading
     * @param facts labelled values in display order (data set, model, timings...)
     * @param history the training run
     * @param heldOut the final model's predictions on the held-out images against their labels
     */
    public record Content(String title, Map<String, String> facts, TrainingHistory history, ConfusionMatrix heldOut) {}

    private QuickstartReport() {}

    /** Writes the charts and the HTML page into {@code folder}; returns the files written. */
    public static List<Path> write(Path folder, Content content) throws IOException {
        Files.createDirectories(folder);
        TrainingHistory history = content.history();
        int window = Math.max(1, Math.min(50, history.stepCount() / 20));
        double[] steps = history.stepNumbers();
        double[] epochStarts = history.epochStarts();

        new LineChart("Training loss", "step", "cross-entropy")
                .line("per step", LIGHT_BLUE, 1f, steps, history.losses())
                .line("mean of " + window + " steps", BLUE, 2.5f, steps,
                        TrainingHistory.movingAverage(history.losses(), window))
                .verticalMarkers("epoch start", epochStarts)
                .writePng(folder.resolve(CHARTS.get(0)));

        LineChart accuracy = new LineChart("Accuracy", "step", "accuracy")
                .yRange(0, 1)
                .line("training (mean of " + window + " batches)", BLUE, 2.5f, steps,
                        TrainingHistory.movingAverage(history.accuracies(), window))
                .points("validation (at each export)", ORANGE, history.validationSteps(),
                        history.validationAccuracies());
        if (steps.length > 0 && content.heldOut().count() > 0) {
            accuracy.points("held-out (final model)", GREEN, new double[] {steps[steps.length - 1]},
                    new double[] {content.heldOut().accuracy()});
        }
        accuracy.verticalMarkers("epoch start", epochStarts).writePng(folder.resolve(CHARTS.get(1)));

        int rateWindow = Math.max(2, Math.min(20, history.stepCount() / 10));
        new LineChart("Training throughput", "seconds since the first step", "images per second")
                .line("images/s over " + rateWindow + " steps", BLUE, 2f, history.elapsedSeconds(),
                        history.imagesPerSecond(rateWindow))
                .writePng(folder.resolve(CHARTS.get(2)));

        ConfusionMatrixChart.writePng(content.heldOut(), String.format(Locale.ROOT,
                "Held-out confusion matrix (accuracy %.4f, n=%d)", content.heldOut().accuracy(),
                content.heldOut().count()), folder.resolve(CHARTS.get(3)));

        Path html = folder.resolve(HTML);
        Files.writeString(html, html(content), StandardCharsets.UTF_8);
        List<Path> written = new ArrayList<>();
        CHARTS.forEach(chart -> written.add(folder.resolve(chart)));
        written.add(html);
        return written;
    }

    private static String html(Content content) {
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(content.title())).append("</title>\n<style>\n")
                .append("body { font-family: sans-serif; margin: 2em auto; max-width: 960px; color: #222; }\n")
                .append("table { border-collapse: collapse; margin: 1em 0; }\n")
                .append("td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }\n")
                .append("th { background: #f3f3f3; } td.name, th.name { text-align: left; }\n")
                .append("img { max-width: 100%; border: 1px solid #ddd; margin: 0.5em 0; }\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(content.title())).append("</h1>\n");

        page.append("<h2>Run</h2>\n<table>\n");
        content.facts().forEach((label, value) -> page.append("<tr><th class=\"name\">").append(escape(label))
                .append("</th><td class=\"name\">").append(escape(value)).append("</td></tr>\n"));
        page.append("</table>\n");

        page.append("<h2>Training</h2>\n");
        for (String chart : CHARTS.subList(0, 3)) {
            page.append("<p><img src=\"").append(chart).append("\" alt=\"").append(chart).append("\"></p>\n");
        }
        appendEpochTable(page, content.history());
        page.append("<h2>Held-out images</h2>\n<p><img src=\"").append(CHARTS.get(3))
                .append("\" alt=\"confusion matrix\"></p>\n");
        appendConfusionTable(page, content.heldOut());
        page.append("</body>\n</html>\n");
        return page.toString();
    }

    private static void appendEpochTable(StringBuilder page, TrainingHistory history) {
        page.append("<table>\n<tr><th>epoch</th><th>steps</th><th>mean training loss</th>"
                + "<th>mean training accuracy</th><th>validation accuracy (last export)</th></tr>\n");
        for (TrainingHistory.Epoch epoch : history.epochSummaries()) {
            page.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%d</td><td>%.4f</td><td>%.4f</td><td>%s</td>"
                    + "</tr>%n", epoch.epoch(), epoch.steps(), epoch.meanLoss(), epoch.meanAccuracy(),
                    Double.isNaN(epoch.validationAccuracy()) ? "n/a"
                            : String.format(Locale.ROOT, "%.4f", epoch.validationAccuracy())));
        }
        page.append("</table>\n");
    }

    private static void appendConfusionTable(StringBuilder page, ConfusionMatrix matrix) {
        List<String> names = matrix.classNames();
        double[] perClass = matrix.perClassAccuracy();
        page.append("<table>\n<tr><th class=\"name\">actual \\ predicted</th>");
        names.forEach(name -> page.append("<th>").append(escape(name)).append("</th>"));
        page.append("<th>accuracy</th></tr>\n");
        for (int actual = 0; actual < names.size(); actual++) {
            page.append("<tr><th class=\"name\">").append(escape(names.get(actual))).append("</th>");
            for (int predicted = 0; predicted < names.size(); predicted++) {
                long count = matrix.get(actual, predicted);
                page.append(actual == predicted ? "<td><b>" + count + "</b></td>" : "<td>" + count + "</td>");
            }
            page.append("<td>").append(Double.isNaN(perClass[actual]) ? "n/a"
                    : String.format(Locale.ROOT, "%.4f", perClass[actual])).append("</td></tr>\n");
        }
        page.append(String.format(Locale.ROOT, "</table>\n<p>Overall accuracy <b>%.4f</b> (%d of %d).</p>\n",
                matrix.accuracy(), matrix.correct(), matrix.count()));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
