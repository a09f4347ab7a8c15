package io.flinkalexnet.launcher.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A line chart drawn with Java2D and written as PNG: one or more series of (x, y) points as lines or markers, axes
 * with rounded ticks, a legend, and optional dashed vertical markers (e.g. epoch boundaries). Mutable builder.
 */
public final class LineChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color GRID = new Color(225, 225, 225);
    private static final Color MARKER = new Color(150, 150, 150);

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Double> verticalMarkers = new ArrayList<>();
    private String verticalMarkerLabel;
    private Double yMin;
    private Double yMax;

    private record Series(String name, Color color, double[] xs, double[] ys, boolean markers, float width) {}

    /** An empty chart. */
    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Fixes the y axis to {@code [min, max]} instead of fitting it to the data. */
    public LineChart yRange(double min, double max) {
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /** Adds a series drawn as a line of the given width. */
    public LineChart line(String name, Color color, float width, double[] xs, double[] ys) {
        series.add(new Series(name, color, xs.clone(), ys.clone(), false, width));
        return this;
    }

    /** Adds a series drawn as markers joined by a thin line. */
    public LineChart points(String name, Color color, double[] xs, double[] ys) {
        series.add(new Series(name, color, xs.clone(), ys.clone(), true, 1.2f));
        return this;
    }

    /** Adds dashed vertical lines at {@code xs}, named {@code label} in the legend. */
    public LineChart verticalMarkers(String label, double[] xs) {
        verticalMarkerLabel = label;
        for (double x : xs) {
            verticalMarkers.add(x);
        }
        return this;
    }

    /** Draws the chart and writes it to {@code file} as PNG. */
    public void writePng(Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private void draw(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double[] xRange = range(true);
        double[] yRange = yMin != null ? new double[] {yMin, yMax} : range(false);
        Axis x = new Axis(xRange[0], xRange[1], LEFT, WIDTH - RIGHT);
        Axis y = new Axis(yRange[0], yRange[1], HEIGHT - BOTTOM, TOP);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 28);
        drawGridAndTicks(g, x, y);
        drawMarkers(g, x, y);
        for (Series s : series) {
            drawSeries(g, s, x, y);
        }
        drawLegend(g);
    }

    private void drawGridAndTicks(Graphics2D g, Axis x, Axis y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        for (double tick : x.ticks()) {
            int px = (int) Math.round(x.pixel(tick));
            g.setColor(GRID);
            g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String label = format(tick, x.step());
            g.drawString(label, px - metrics.stringWidth(label) / 2, HEIGHT - BOTTOM + 18);
        }
        for (double tick : y.ticks()) {
            int py = (int) Math.round(y.pixel(tick));
            g.setColor(GRID);
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.setColor(Color.DARK_GRAY);
            String label = format(tick, y.step());
            g.drawString(label, LEFT - 8 - metrics.stringWidth(label), py + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - metrics.stringWidth(xLabel)) / 2, HEIGHT - 18);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + metrics.stringWidth(yLabel)) / 2), 20);
        rotated.dispose();
    }

    private void drawMarkers(Graphics2D g, Axis x, Axis y) {
        Stroke dashed = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f},
                0f);
        Stroke previous = g.getStroke();
        g.setStroke(dashed);
        g.setColor(MARKER);
        for (double marker : verticalMarkers) {
            if (marker >= x.min && marker <= x.max) {
                int px = (int) Math.round(x.pixel(marker));
                g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
            }
        }
        g.setStroke(previous);
    }

    private static void drawSeries(Graphics2D g, Series s, Axis x, Axis y) {
        g.setColor(s.color());
        g.setStroke(new BasicStroke(s.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < s.xs().length; i++) {
            if (Double.isNaN(s.ys()[i])) {
                continue;
            }
            double px = x.pixel(s.xs()[i]);
            double py = y.pixel(s.ys()[i]);
            if (started) {
                path.lineTo(px, py);
            } else {
                path.moveTo(px, py);
                started = true;
            }
            if (s.markers()) {
                g.fill(new Ellipse2D.Double(px - 4, py - 4, 8, 8));
            }
        }
        g.draw(path);
    }

    private void drawLegend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        int xPosition = WIDTH - RIGHT;
        List<String> names = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        for (Series s : series) {
            names.add(s.name());
            colors.add(s.color());
        }
        if (verticalMarkerLabel != null && !verticalMarkers.isEmpty()) {
            names.add(verticalMarkerLabel);
            colors.add(MARKER);
        }
        for (int i = names.size() - 1; i >= 0; i--) {
            xPosition -= metrics.stringWidth(names.get(i)) + 30;
            g.setColor(colors.get(i));
            g.fillRect(xPosition, 33, 16, 4);
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), xPosition + 20, 39);
        }
    }

    /** The data's extent on one axis, widened when it is a single value. */
    private double[] range(boolean horizontal) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double value : horizontal ? s.xs() : s.ys()) {
                if (!Double.isNaN(value)) {
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
        }
        if (min > max) {
            return new double[] {0, 1};
        }
        if (min == max) {
            return new double[] {min - 1, max + 1};
        }
        return new double[] {min, max};
    }

    private static String format(double value, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A linear map from data to pixels with "nice" ticks (1, 2 or 5 times a power of ten). */
    private static final class Axis {
        private final double min;
        private final double max;
        private final double fromPixel;
        private final double toPixel;
        private final double step;

        Axis(double dataMin, double dataMax, double fromPixel, double toPixel) {
            this.step = niceStep((dataMax - dataMin) / 6);
            this.min = Math.floor(dataMin / step + 1e-9) * step;
            this.max = Math.ceil(dataMax / step - 1e-9) * step;
            this.fromPixel = fromPixel;
            this.toPixel = toPixel;
        }

        double pixel(double value) {
            return fromPixel + (value - min) / (max - min) * (toPixel - fromPixel);
        }

        double step() {
            return step;
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            for (double tick = min; tick <= max + step / 2; tick += step) {
                ticks.add(tick);
            }
            return ticks;
        }

        private static double niceStep(double rough) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
            double fraction = rough / magnitude;
            double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
            return nice * magnitude;
        }
    }
}
