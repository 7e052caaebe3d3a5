package io.jenkins.plugins.optadeploy.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip written as a series of members, one per 256 KiB chunk, compressed on all cores (RFC 1952 allows any number of
 * members; Docker, containerd and Java read them as one stream). A chunk that looks incompressible (already
 * compressed files, random data: order-0 entropy above {@value #STORE_ABOVE_BITS} bits per byte) is stored instead
 * of run through deflate, which costs most of deflate's time for a saving of a few percent at best; the rest is
 * compressed at {@link Deflater#BEST_SPEED}.
 *
 * <p>The calling thread only reads. Hashing the input and writing the members must follow the input's order, so they
 * run as one chain of tasks on the same workers, chunk after chunk, between compressions: on two cores, a reading
 * thread that also hashed would leave a core idle whenever it fell behind.
 */
final class ParallelGzip {
    static final int CHUNK = 256 * 1024;
    static final double STORE_ABOVE_BITS = 7.5;
    private static final int SAMPLE_STRIDE = 4;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int TRAILER = 8;

    /** One gzip member in {@code bytes[0, length)}. */
    record Member(byte[] bytes, int length) {}

    private final ExecutorService workers;
    private final int inFlight;

    ParallelGzip(ExecutorService workers, int threads) {
        this.workers = workers;
        this.inFlight = Math.max(2, threads * 2);
    }

    /**
     * Compresses all of {@code in} to {@code out}, feeding {@code uncompressed} with what was read.
     *
     * @param first the stream's first bytes, already read by the caller
     */
    void compress(byte[] first, InputStream in, OutputStream out, MessageDigest uncompressed) throws IOException {
        Deque<CompletableFuture<Void>> written = new ArrayDeque<>();
        CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
        try {
            for (byte[] chunk = first; chunk.length > 0; chunk = readChunk(in)) {
                byte[] input = chunk;
                CompletableFuture<Member> member = CompletableFuture.supplyAsync(() -> member(input), workers);
                last = last.thenCombineAsync(member, (previous, compressed) -> {
                    uncompressed.update(input);
                    write(out, compressed);
                    return null;
                }, workers);
                written.add(last);
                if (written.size() >= inFlight) {
                    await(written.removeFirst());
                }
            }
            await(last);
        } finally {
            settle(last);
        }
    }

    /**
     * Waits for the last write, failed or not: a failed read must not return while a task still writes to the stream
     * the caller closes next. An interrupt (the push is being abandoned) ends the wait.
     */
    private static void settle(CompletableFuture<Void> last) {
        try {
            last.get();
        } catch (ExecutionException | CancellationException e) {
            // reported by await, or superseded by the failure being thrown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next chunk of {@code in}: {@value #CHUNK} bytes, fewer at the end, none when it is exhausted. */
    static byte[] readChunk(InputStream in) throws IOException {
        byte[] chunk = new byte[CHUNK];
        int n = in.readNBytes(chunk, 0, CHUNK);
        return n == CHUNK ? chunk : Arrays.copyOf(chunk, n);
    }

    private static void write(OutputStream out, Member member) {
        try {
            out.write(member.bytes(), 0, member.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(CompletableFuture<Void> step) throws IOException {
        try {
            step.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("compressing a layer failed", e.getCause());
        } catch (CancellationException e) {
            throw new IOException("compressing a layer was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compressing a layer", e);
        }
    }

    static Member member(byte[] chunk) {
        boolean store = entropyBits(chunk) > STORE_ABOVE_BITS;
        Deflater deflater = new Deflater(store ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED, true);
        // zlib's bound for one deflate stream: deflating into it in one go leaves nothing to copy or grow
        byte[] bytes = new byte[HEADER.length + chunk.length + (chunk.length >> 12) + (chunk.length >> 14) + 13
                + TRAILER];
        int length = HEADER.length;
        try {
            System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
            deflater.setInput(chunk);
            deflater.finish();
            while (!deflater.finished()) {
                if (length == bytes.length - TRAILER) {
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                }
                length += deflater.deflate(bytes, length, bytes.length - TRAILER - length);
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(chunk);
        length = writeIntLe(bytes, length, (int) crc.getValue());
        length = writeIntLe(bytes, length, chunk.length);
        return new Member(bytes, length);
    }

    /**
     * Order-0 Shannon entropy in bits per byte, estimated from every {@value #SAMPLE_STRIDE}th byte: 8 for random
     * data, about 4 to 5 for text.
     */
    static double entropyBits(byte[] data) {
        int[] counts = new int[256];
        int samples = 0;
        for (int i = 0; i < data.length; i += SAMPLE_STRIDE) {
            counts[data[i] & 0xff]++;
            samples++;
        }
        double bits = 0;
        double n = samples;
        for (int count : counts) {
            if (count > 0) {
                double p = count / n;
                bits -= p * (Math.log(p) / Math.log(2));
            }
        }
        return bits;
    }

    private static int writeIntLe(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
        return at + 4;
    }
}
