package io.jenkins.plugins.optadeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelGzipTest {
    private final ExecutorService workers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void membersDecompressToTheInputAndTheDigestSeesTheInput() throws Exception {
        byte[] input = mixed(3 * ParallelGzip.CHUNK + 12345);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageDigest digest = LayerBlobCache.sha256();

        new ParallelGzip(workers, 2).compress(new ByteArrayInputStream(input), out, digest);

        assertThat(gunzip(out.toByteArray())).isEqualTo(input);
        assertThat(digest.digest()).isEqualTo(LayerBlobCache.sha256().digest(input));
        assertThat(out.size()).isLessThan(input.length);
    }

    @Test
    void randomChunksAreStoredAndTextIsCompressed() throws Exception {
        byte[] random = new byte[ParallelGzip.CHUNK];
        new Random(7).nextBytes(random);
        byte[] text = "the quick brown fox jumps over the lazy dog\n".repeat(ParallelGzip.CHUNK / 44)
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(ParallelGzip.entropyBits(random)).isGreaterThan(ParallelGzip.STORE_ABOVE_BITS);
        assertThat(ParallelGzip.entropyBits(text)).isLessThan(5);
        byte[] stored = ParallelGzip.member(random);
        assertThat(stored.length).isBetween(random.length, random.length + 100);
        assertThat(gunzip(stored)).isEqualTo(random);
        byte[] compressed = ParallelGzip.member(text);
        assertThat(compressed.length).isLessThan(text.length / 10);
        assertThat(gunzip(compressed)).isEqualTo(text);
    }

    @Test
    void emptyInputGivesNoMembers() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ParallelGzip(workers, 2).compress(new ByteArrayInputStream(new byte[0]), out, LayerBlobCache.sha256());
        assertThat(out.size()).isZero();
    }

    private static byte[] mixed(int size) {
        Random random = new Random(1);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i += 4096) {
            if ((i / 4096) % 3 == 0) {
                byte[] block = new byte[Math.min(4096, size - i)];
                random.nextBytes(block);
                System.arraycopy(block, 0, data, i, block.length);
            } else {
                for (int j = i; j < Math.min(i + 4096, size); j++) {
                    data[j] = (byte) ('a' + (j % 7));
                }
            }
        }
        return data;
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }
}
