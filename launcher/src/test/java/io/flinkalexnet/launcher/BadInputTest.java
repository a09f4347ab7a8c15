package io.flinkalexnet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.model.data.CifarBinaryReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the tools ends with one line naming the problem and a non-zero exit, never a stack trace. */
class BadInputTest {

    @TempDir
    Path folder;

    @Test
    void missingDataFileIsNamed() {
        Path missing = folder.resolve("no-such-batch.bin");

        LauncherRun run = LauncherRun.of("produce", "--kafka.bootstrap-servers", "localhost:9092", "--topic", "images",
                "--data", missing.toString());

        assertOneLineError(run, missing + " does not exist");
    }

    @Test
    void truncatedCifarBatchIsNamedWithItsSize() throws IOException {
        Path batch = TestData.cifarBatch(folder.resolve("data_batch_1.bin"), 3, 4);
        byte[] bytes = Files.readAllBytes(batch);
        Files.write(batch, Arrays.copyOf(bytes, bytes.length - 100));

        LauncherRun run = LauncherRun.of("produce", "--kafka.bootstrap-servers", "localhost:9092", "--topic", "images",
                "--data", batch.toString());

        assertOneLineError(run, "data_batch_1.bin is " + (4 * CifarBinaryReader.RECORD_BYTES - 100)
                + " bytes, not a multiple of " + CifarBinaryReader.RECORD_BYTES);
    }

    @Test
    void unreadableImageIsNamed() throws IOException {
        Path image = Files.createDirectories(folder.resolve("photos/cat")).resolve("broken.png");
        byte[] truncatedPng = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H'};
        Files.write(image, truncatedPng);

        LauncherRun run = LauncherRun.of("produce", "--kafka.bootstrap-servers", "localhost:9092", "--topic", "images",
                "--data", folder.resolve("photos").toString());

        assertOneLineError(run, image + " cannot be read as PNG");
    }

    @Test
    void unreachableBootstrapAddressIsNamed() throws IOException {
        int closedPort = closedPort();
        Path batch = TestData.cifarBatch(folder.resolve("data_batch_1.bin"), 3, 4);

        LauncherRun run = LauncherRun.of("produce", "--kafka.bootstrap-servers", "localhost:" + closedPort, "--topic", "images",
                "--data", batch.toString(), "--timeout", "2s");

        assertOneLineError(run, "Kafka at localhost:" + closedPort + " did not answer within 2 s");
    }

    @Test
    void unresolvableBootstrapAddressIsNamed() throws IOException {
        Path batch = TestData.cifarBatch(folder.resolve("data_batch_1.bin"), 3, 4);

        LauncherRun run = LauncherRun.of("predictions", "--kafka.bootstrap-servers", "no-such-host.invalid:9092",
                "--topic", "predictions", "--labels", batch.toString());

        assertOneLineError(run, "cannot connect to Kafka at 'no-such-host.invalid:9092'");
    }

    @Test
    void quickstartWithoutDataAndWithoutDownloadNamesTheAlternatives() throws IOException {
        String url = "http://localhost:" + closedPort() + "/cifar-10-binary.tar.gz";

        LauncherRun run = LauncherRun.of("quickstart", "--cache", folder.toString(), "--cifar-url", url);

        assertOneLineError(run, "cannot download CIFAR-10 from " + url);
        assertThat(run.errLines()).last().asString().contains("--data", "--dataset synthetic");
    }

    @Test
    void missingModelIsNamed() throws IOException {
        Path batch = TestData.cifarBatch(folder.resolve("data_batch_1.bin"), 3, 4);
        Path missing = folder.resolve("no-model");

        LauncherRun run = LauncherRun.of("evaluate", "--model", missing.toString(), "--data", batch.toString());

        assertOneLineError(run, "model artifact " + missing + " does not exist");
    }

    @Test
    void unknownOptionIsAUsageError() {
        LauncherRun run = LauncherRun.of("evaluate", "--model", "m", "--data", "d", "--enigne", "PyTorch");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("error: Unknown options: '--enigne'")
                .endsWith("(see 'flink-alexnet evaluate --help')");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void assertOneLineError(LauncherRun run, String problem) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).last().asString().startsWith("error: ").contains(problem);
        assertThat(run.errLines()).filteredOn(line -> line.startsWith("error: ")).hasSize(1);
        assertThat(run.err()).doesNotContain("\tat ", "Exception:");
    }
}
