package io.flinkalexnet.launcher.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.flinkalexnet.launcher.LauncherException;
import io.flinkalexnet.launcher.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding CIFAR-10 in the cache, and the download when it is not there. */
class Cifar10DownloadTest {

    @TempDir
    Path cache;

    private final StringWriter status = new StringWriter();

    @Test
    void cachedFolderIsUsedWithoutDownloading() {
        Path folder = cache.resolve(Cifar10Download.FOLDER_NAME);
        TestData.cifarBatch(createFolder(folder).resolve("data_batch_1.bin"), 1, 2);

        assertThat(Cifar10Download.locate(cache, unreachableUrl(), new PrintWriter(status))).isEqualTo(folder);
        assertThat(status.toString()).isEmpty();
    }

    @Test
    void unreachableDownloadFailsAtOnceNamingDataAndSynthetic() {
        URI url = unreachableUrl();
        long started = System.nanoTime();

        assertThatThrownBy(() -> Cifar10Download.locate(cache, url, new PrintWriter(status)))
                .isInstanceOf(LauncherException.class)
                .hasMessageStartingWith("cannot download CIFAR-10 from " + url)
                .hasMessageContaining("pass --data with a cifar-10-batches-bin folder or cifar-10-binary.tar.gz")
                .hasMessageContaining("--dataset synthetic");
        assertThat(System.nanoTime() - started).as("nanoseconds to fail").isLessThan(10_000_000_000L);
    }

    @Test
    void downloadThatIsNotTheOfficialArchiveIsRejectedAndNotCached() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cifar-10-binary.tar.gz", exchange -> {
            byte[] body = "not the archive".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            URI url = URI.create("http://localhost:" + server.getAddress().getPort() + "/cifar-10-binary.tar.gz");

            assertThatThrownBy(() -> Cifar10Download.locate(cache, url, new PrintWriter(status)))
                    .isInstanceOf(LauncherException.class)
                    .hasMessageContaining("is 15 bytes with SHA-256")
                    .hasMessageContaining("not the official 170052171 bytes with " + Cifar10Download.ARCHIVE_SHA256);
            assertThat(cache.resolve(Cifar10Download.ARCHIVE_NAME)).doesNotExist();
        } finally {
            server.stop(0);
        }
    }

    private static URI unreachableUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://localhost:" + socket.getLocalPort() + "/cifar-10-binary.tar.gz");
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static Path createFolder(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
