package io.jenkins.plugins.optadeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
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

        ByteArrayInputStream in = new ByteArrayInputStream(input);
        new ParallelGzip(workers, 2).compress(ParallelGzip.readChunk(in), in, out, digest);

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
        byte[] stored = bytes(ParallelGzip.member(random));
        assertThat(stored.length).isBetween(random.length, random.length + 100);
        assertThat(gunzip(stored)).isEqualTo(random);
        byte[] compressed = bytes(ParallelGzip.member(text));
        assertThat(compressed.length).isLessThan(text.length / 10);
        assertThat(gunzip(compressed)).isEqualTo(text);
    }

    @Test
    void aFailingOutputOrInputFailsTheCompressionWithItsError() {
        byte[] input = mixed(8 * ParallelGzip.CHUNK);
        OutputStream full = new OutputStream() {
            private int writes;

            @Override
            public void write(int b) {}

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes == 3) {
                    throw new IOException("No space left on device");
                }
            }
        };
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream(input, 0, 3 * ParallelGzip.CHUNK),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Input/output error");
                    }
                });
        ParallelGzip gzip = new ParallelGzip(workers, 2);

        assertThatThrownBy(() -> gzip.compress(new byte[] {1}, new ByteArrayInputStream(input), full,
                        LayerBlobCache.sha256()))
                .isInstanceOf(IOException.class)
                .hasMessage("No space left on device");
        assertThatThrownBy(() -> gzip.compress(ParallelGzip.readChunk(broken), broken, new ByteArrayOutputStream(),
                        LayerBlobCache.sha256()))
                .isInstanceOf(IOException.class)
                .hasMessage("Input/output error");
    }

    @Test
    void emptyInputGivesNoMembers() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ParallelGzip(workers, 2).compress(new byte[0], new ByteArrayInputStream(new byte[0]), out,
                LayerBlobCache.sha256());
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

    private static byte[] bytes(ParallelGzip.Member member) {
        return Arrays.copyOf(member.bytes(), member.length());
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }
}
