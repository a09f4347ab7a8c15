package io.flinkalexnet.launcher.report;

import io.flinkalexnet.model.eval.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A confusion matrix as a PNG heat map: one row per actual class, one column per predicted class, each cell shaded by
 * the share of its row (so classes of different sizes compare) and labelled with its count.
 */
public final class ConfusionMatrixChart {

    private static final int CELL = 56;
    private static final int TOP = 70;
    private static final int MARGIN = 20;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color FULL = new Color(33, 102, 172);

    private ConfusionMatrixChart() {}

    /** Draws {@code matrix} under {@code title} and writes it to {@code file}. */
    public static void writePng(ConfusionMatrix matrix, String title, Path file) throws IOException {
        int n = matrix.numClasses();
        int labels = MARGIN + longestName(matrix.classNames());
        int width = Math.max(labels + n * CELL + MARGIN, 560);
        // Column labels are written at 45 degrees, so they need about 0.7 of their length downwards.
        int height = TOP + n * CELL + (int) (0.75 * labels) + MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            g.drawString(title, MARGIN, 28);
            g.setFont(TEXT_FONT);
            g.drawString("rows: actual class, columns: predicted class; shade: share of the row", MARGIN, 50);
            drawCells(g, matrix, labels);
            drawLabels(g, matrix.classNames(), labels);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static int longestName(List<String> names) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics metrics = g.getFontMetrics(TEXT_FONT);
            return names.stream().mapToInt(metrics::stringWidth).max().orElse(0) + 8;
        } finally {
            g.dispose();
        }
    }

    private static void drawCells(Graphics2D g, ConfusionMatrix matrix, int left) {
        int n = matrix.numClasses();
        g.setFont(TEXT_FONT);
        FontMetrics metrics = g.getFontMetrics();
        for (int actual = 0; actual < n; actual++) {
            long rowTotal = 0;
            for (int predicted = 0; predicted < n; predicted++) {
                rowTotal += matrix.get(actual, predicted);
            }
            for (int predicted = 0; predicted < n; predicted++) {
                long count = matrix.get(actual, predicted);
                double share = rowTotal == 0 ? 0 : (double) count / rowTotal;
                int x = left + predicted * CELL;
                int y = TOP + actual * CELL;
                g.setColor(blend(share));
                g.fillRect(x, y, CELL, CELL);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                String text = Long.toString(count);
                g.drawString(text, x + (CELL - metrics.stringWidth(text)) / 2, y + CELL / 2 + 5);
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, TOP, n * CELL, n * CELL);
    }

    private static void drawLabels(Graphics2D g, List<String> names, int left) {
        g.setColor(Color.BLACK);
        g.setFont(TEXT_FONT);
        FontMetrics metrics = g.getFontMetrics();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            g.drawString(name, left - 8 - metrics.stringWidth(name), TOP + i * CELL + CELL / 2 + 5);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(left + i * CELL + CELL / 2 + 5, TOP + names.size() * CELL + 8);
            rotated.rotate(Math.PI / 4);
            rotated.drawString(name, 0, 0);
            rotated.dispose();
        }
    }

    private static Color blend(double share) {
        int r = (int) Math.round(255 + (FULL.getRed() - 255) * share);
        int gr = (int) Math.round(255 + (FULL.getGreen() - 255) * share);
        int b = (int) Math.round(255 + (FULL.getBlue() - 255) * share);
        return new Color(r, gr, b);
    }
}
