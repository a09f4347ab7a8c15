package io.flinkalexnet.model.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumFileTest {

    private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path folder;

    @Test
    void isWrittenInSha256sumFormat() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChecksumFile.write(out, SHA256, "model.zip");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(SHA256 + "  model.zip\n");
    }

    @Test
    void readsTheChecksumFromTheFirstFieldInTextOrBinaryMode() throws IOException {
        assertThat(ChecksumFile.read(text(SHA256 + "  model.zip\n"))).isEqualTo(SHA256);
        assertThat(ChecksumFile.read(text(SHA256 + " *model.zip"))).isEqualTo(SHA256);
        assertThat(ChecksumFile.read(text("\n" + SHA256 + "\n"))).isEqualTo(SHA256);
    }

    @Test
    void anEmptySideFileHoldsNoChecksum() throws IOException {
        assertThat(ChecksumFile.read(text(" \n"))).isNull();
    }

    @Test
    void liesBesideItsArtifact() {
        assertThat(ChecksumFile.beside(Path.of("models", "v000003", "model.zip")))
                .isEqualTo(Path.of("models", "v000003", "model.zip.sha256"));
        assertThat(ChecksumFile.nameFor("s3://bucket/models/v000003/model.zip"))
                .isEqualTo("s3://bucket/models/v000003/model.zip.sha256");
    }

    @Test
    void readsBackWhatWasWrittenBesideALocalArtifact() throws IOException {
        Path artifact = folder.resolve("model.zip");
        ChecksumFile.writeBeside(artifact, SHA256);

        assertThat(Files.readString(folder.resolve("model.zip.sha256"))).isEqualTo(SHA256 + "  model.zip\n");
        assertThat(ChecksumFile.readBeside(artifact)).isEqualTo(SHA256);
    }

    @Test
    void anArtifactWithoutSideFileHasNoChecksum() {
        assertThat(ChecksumFile.readBeside(folder.resolve("model.zip"))).isNull();
    }

    private static InputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
