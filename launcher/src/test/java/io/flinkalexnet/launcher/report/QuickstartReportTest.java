package io.flinkalexnet.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.model.eval.ConfusionMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report is an HTML page next to PNG charts, readable without a server. */
class QuickstartReportTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    static Path folder;

    private static List<Path> written;

    @BeforeAll
    static void writeReport() throws IOException {
        ConfusionMatrix heldOut = new ConfusionMatrix(List.of("cat", "dog <small>"));
        heldOut.add(0, 0);
        heldOut.add(1, 0);
        heldOut.add(1, 1);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("data", "generated & shuffled");
        TrainingHistory history = TrainingHistory.of(TrainingHistoryTest.steps(30, 4, 0),
                List.of(TrainingHistoryTest.update(1, 15, 0.4), TrainingHistoryTest.update(2, 30, 0.6)));
        written = QuickstartReport.write(folder, new QuickstartReport.Content("a run", facts, history, heldOut));
    }

    @Test
    void chartsArePngImages() throws IOException {
        for (String chart : QuickstartReport.CHARTS) {
            Path file = folder.resolve(chart);
            assertThat(Arrays.copyOf(Files.readAllBytes(file), PNG_SIGNATURE.length)).as(chart)
                    .isEqualTo(PNG_SIGNATURE);
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image.getWidth()).as(chart).isGreaterThan(400);
        }
    }

    @Test
    void pageShowsEveryChartByItsRelativeName() throws IOException {
        String html = Files.readString(folder.resolve(QuickstartReport.HTML));

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        for (String chart : QuickstartReport.CHARTS) {
            assertThat(html).contains("<img src=\"" + chart + "\"");
        }
    }

    @Test
    void pageListsEachEpochWithItsLastValidationAccuracy() throws IOException {
        String html = Files.readString(folder.resolve(QuickstartReport.HTML));

        assertThat(html).contains("<tr><td>1</td><td>30</td>").contains("<td>0.6000</td></tr>");
    }

    @Test
    void returnsTheChartsAndThePage() {
        assertThat(written).containsExactlyInAnyOrder(folder.resolve("loss.png"), folder.resolve("accuracy.png"),
                folder.resolve("throughput.png"), folder.resolve("confusion-matrix.png"),
                folder.resolve(QuickstartReport.HTML));
    }

    @Test
    void pageEscapesTextAndShowsTheHeldOutAccuracy() throws IOException {
        String html = Files.readString(folder.resolve(QuickstartReport.HTML));

        assertThat(html).contains("generated &amp; shuffled", "dog &lt;small&gt;", "Overall accuracy <b>0.6667</b>");
    }
}
