package io.flinkalexnet.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarReaderTest {

    private static TarReader reader(byte[] tar) {
        return new TarReader(new ByteArrayInputStream(tar), "test.tar");
    }

    private static byte[] withEnd(byte[]... blocks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] block : blocks) {
            out.write(block);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    @Test
    void skipsUnreadEntryDataAndPaddingToReachTheNextEntry() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("dir/", new byte[0]);
        entries.put("dir/first.bin", new byte[700]);
        entries.put("dir/second.txt", "hello".getBytes(StandardCharsets.US_ASCII));
        TarReader tar = reader(TestTarGz.tar(entries));

        TarReader.Entry directory = tar.nextEntry();
        TarReader.Entry first = tar.nextEntry();
        TarReader.Entry second = tar.nextEntry();

        assertThat(directory.regularFile()).isFalse();
        assertThat(first).isEqualTo(new TarReader.Entry("dir/first.bin", 700, true));
        assertThat(second.fileName()).isEqualTo("second.txt");
        assertThat(tar.entryStream().readAllBytes()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(tar.nextEntry()).isNull();
    }

    @Test
    void posixNamePrefixIsJoinedToTheName() throws IOException {
        TarReader tar = reader(withEnd(TestTarGz.header("data_batch_1.bin", "cifar-10-batches-bin", 0, '0', false)));

        assertThat(tar.nextEntry().name()).isEqualTo("cifar-10-batches-bin/data_batch_1.bin");
    }

    @Test
    void oldGnuHeaderTimesAreNotTakenForANamePrefix() throws IOException {
        TarReader tar = reader(withEnd(TestTarGz.header("cifar-10-batches-bin/test_batch.bin", "", 0, '0', true)));

        assertThat(tar.nextEntry().name()).isEqualTo("cifar-10-batches-bin/test_batch.bin");
    }
}
