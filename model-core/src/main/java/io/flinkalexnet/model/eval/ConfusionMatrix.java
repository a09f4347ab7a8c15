package io.flinkalexnet.model.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Counts of (actual class, predicted class) pairs, with overall accuracy, per-class accuracy (recall) and a
 * printable table. Mutable and thread-confined; {@link #merge(ConfusionMatrix)} combines partial matrices.
 */
public final class ConfusionMatrix implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> classNames;
    private final long[][] counts;
    private long count;

    /** Creates an empty matrix for the classes named in label order. */
    public ConfusionMatrix(List<String> classNames) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class");
        }
        this.classNames = List.copyOf(classNames);
        this.counts = new long[classNames.size()][classNames.size()];
    }

    /** Creates an empty matrix for {@code numClasses} classes named by their index. */
    public ConfusionMatrix(int numClasses) {
        this(indexNames(numClasses));
    }

    private static List<String> indexNames(int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        List<String> names = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    /** Number of classes. */
    public int numClasses() {
        return counts.length;
    }

    /** The class names in label order. */
    public List<String> classNames() {
        return classNames;
    }

    /** Records one prediction of class {@code predicted} for an example of class {@code actual}. */
    public void add(int actual, int predicted) {
        Objects.checkIndex(actual, counts.length);
        Objects.checkIndex(predicted, counts.length);
        counts[actual][predicted]++;
        count++;
    }

    /** Adds all counts of {@code other}, which must have the same classes. */
    public void merge(ConfusionMatrix other) {
        if (!other.classNames.equals(classNames)) {
            throw new IllegalArgumentException("cannot merge a confusion matrix over classes " + other.classNames
                    + " into one over " + classNames);
        }
        for (int actual = 0; actual < counts.length; actual++) {
            for (int predicted = 0; predicted < counts.length; predicted++) {
                counts[actual][predicted] += other.counts[actual][predicted];
            }
        }
        count += other.count;
    }

    /** Number of predictions recorded. */
    public long count() {
        return count;
    }

    /** How often class {@code actual} was predicted as {@code predicted}. */
    public long get(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** Number of correct predictions. */
    public long correct() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return correct;
    }

    /** Fraction of correct predictions, or NaN when nothing was recorded. */
    public double accuracy() {
        return (double) correct() / count;
    }

    /** For each actual class, the fraction of its examples predicted correctly (recall); NaN for a class never seen. */
    public double[] perClassAccuracy() {
        double[] accuracy = new double[counts.length];
        for (int actual = 0; actual < counts.length; actual++) {
            accuracy[actual] = (double) counts[actual][actual] / rowTotal(actual);
        }
        return accuracy;
    }

    private long rowTotal(int actual) {
        long total = 0;
        for (long n : counts[actual]) {
            total += n;
        }
        return total;
    }

    /**
     * A table with one row per actual class and one column per predicted class, each row ending with the class's
     * accuracy, followed by the overall accuracy line.
     */
    public String format() {
        String corner = "actual \\ predicted";
        int nameWidth = corner.length();
        for (String name : classNames) {
            nameWidth = Math.max(nameWidth, name.length());
        }
        int[] columnWidths = new int[counts.length];
        for (int predicted = 0; predicted < counts.length; predicted++) {
            columnWidths[predicted] = classNames.get(predicted).length();
            for (long[] row : counts) {
                columnWidths[predicted] = Math.max(columnWidths[predicted], Long.toString(row[predicted]).length());
            }
        }
        StringBuilder table = new StringBuilder();
        table.append(pad(corner, nameWidth, false));
        for (int predicted = 0; predicted < counts.length; predicted++) {
            table.append("  ").append(pad(classNames.get(predicted), columnWidths[predicted], true));
        }
        table.append("  accuracy\n");
        double[] perClass = perClassAccuracy();
        for (int actual = 0; actual < counts.length; actual++) {
            table.append(pad(classNames.get(actual), nameWidth, false));
            for (int predicted = 0; predicted < counts.length; predicted++) {
                table.append("  ").append(pad(Long.toString(counts[actual][predicted]), columnWidths[predicted], true));
            }
            table.append("  ").append(pad(percent(perClass[actual]), "accuracy".length(), true)).append('\n');
        }
        table.append("overall accuracy ").append(percent(accuracy()))
                .append(" (").append(correct()).append(" of ").append(count).append(")\n");
        return table.toString();
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    @Override
    public String toString() {
        return format();
    }
}
