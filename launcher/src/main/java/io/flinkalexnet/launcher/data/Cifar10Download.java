package io.flinkalexnet.launcher.data;

import io.flinkalexnet.launcher.LauncherException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Finds CIFAR-10 in a cache folder ({@code cifar-10-batches-bin/} or {@code cifar-10-binary.tar.gz}), else downloads
 * the official archive into it and checks its size and SHA-256 before keeping it.
 */
public final class Cifar10Download {

    /** The official binary archive. */
    public static final URI ARCHIVE_URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    /** Its file name. */
    public static final String ARCHIVE_NAME = "cifar-10-binary.tar.gz";
    /** Its SHA-256 (the publisher gives the MD5 c32a1d4ab5d03f1284b67883e8d87530; this is the same file's). */
    public static final String ARCHIVE_SHA256 = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd";
    /** Its size in bytes. */
    public static final long ARCHIVE_BYTES = 170_052_171L;
    /** The folder the archive unpacks to. */
    public static final String FOLDER_NAME = "cifar-10-batches-bin";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final String ALTERNATIVES = "pass --data with a cifar-10-batches-bin folder or cifar-10-binary.tar.gz,"
            + " or run on generated images with --dataset synthetic";

    private Cifar10Download() {}

    /** The default cache folder: {@code $XDG_CACHE_HOME/flink-alexnet}, else {@code ~/.cache/flink-alexnet}. */
    public static Path defaultCacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("flink-alexnet");
    }

    /**
     * The cached folder or archive, downloading the archive from {@code url} (the official {@link #ARCHIVE_URL} or a
     * mirror of the same file) into {@code cacheFolder} when neither is there.
     */
    public static Path locate(Path cacheFolder, URI url, PrintWriter status) {
        Path folder = cacheFolder.resolve(FOLDER_NAME);
        if (Files.isRegularFile(folder.resolve("data_batch_1.bin"))) {
            return folder;
        }
        Path archive = cacheFolder.resolve(ARCHIVE_NAME);
        if (Files.isRegularFile(archive)) {
            return archive;
        }
        status.println("CIFAR-10 is not in " + cacheFolder + "; downloading " + url + " (162 MiB)");
        status.flush();
        download(url, archive);
        return archive;
    }

    private static void download(URI url, Path archive) {
        Path partial = archive.resolveSibling(ARCHIVE_NAME + ".partial");
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new LauncherException("cannot download CIFAR-10 from " + url + " (" + reason(e) + "): "
                    + ALTERNATIVES, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("the CIFAR-10 download was interrupted: " + ALTERNATIVES, e);
        }
        if (response.statusCode() != 200) {
            throw new LauncherException("cannot download CIFAR-10 from " + url + " (HTTP "
                    + response.statusCode() + "): " + ALTERNATIVES);
        }
        MessageDigest digest = sha256();
        long bytes;
        try (InputStream in = response.body()) {
            Files.createDirectories(archive.getParent());
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                bytes = in.transferTo(out);
            }
        } catch (IOException e) {
            throw new LauncherException("the CIFAR-10 download from " + url + " broke off (" + reason(e)
                    + "): run the command again, or " + ALTERNATIVES, e);
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (bytes != ARCHIVE_BYTES || !sha256.equals(ARCHIVE_SHA256)) {
            throw new LauncherException("the download from " + url + " is " + bytes + " bytes with SHA-256 "
                    + sha256 + ", not the official " + ARCHIVE_BYTES + " bytes with " + ARCHIVE_SHA256
                    + ": it was kept as " + partial + " for inspection; " + ALTERNATIVES);
        }
        try {
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LauncherException("cannot move the verified CIFAR-10 archive to " + archive + ": "
                    + e.getMessage(), e);
        }
    }

    /** The first message in the cause chain, else the exception's type (a refused connection has no message). */
    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
