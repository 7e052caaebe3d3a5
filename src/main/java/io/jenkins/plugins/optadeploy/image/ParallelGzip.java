package io.jenkins.plugins.optadeploy.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip written as a series of members, one per 256 KiB chunk, compressed on all cores (RFC 1952 allows any number of
 * members; Docker, containerd and Java read them as one stream). A chunk that looks incompressible (already
 * compressed files, random data: order-0 entropy above {@value #STORE_ABOVE_BITS} bits per byte) is stored instead
 * of run through deflate, which costs most of deflate's time for a saving of a few percent at best; the rest is
 * compressed at {@link Deflater#BEST_SPEED}.
 */
final class ParallelGzip {
    static final int CHUNK = 256 * 1024;
    static final double STORE_ABOVE_BITS = 7.5;
    private static final int SAMPLE_STRIDE = 4;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final ExecutorService workers;
    private final int inFlight;

    ParallelGzip(ExecutorService workers, int threads) {
        this.workers = workers;
        this.inFlight = Math.max(2, threads * 2);
    }

    /** Compresses all of {@code in} to {@code out}, feeding {@code uncompressed} with what was read. */
    void compress(InputStream in, OutputStream out, MessageDigest uncompressed) throws IOException {
        Deque<Future<byte[]>> pending = new ArrayDeque<>();
        try {
            while (true) {
                byte[] chunk = in.readNBytes(CHUNK);
                if (chunk.length == 0) {
                    break;
                }
                uncompressed.update(chunk);
                pending.add(workers.submit(() -> member(chunk)));
                if (pending.size() >= inFlight) {
                    out.write(next(pending));
                }
            }
            while (!pending.isEmpty()) {
                out.write(next(pending));
            }
        } finally {
            pending.forEach(future -> future.cancel(true));
        }
    }

    private static byte[] next(Deque<Future<byte[]>> pending) throws IOException {
        try {
            return pending.removeFirst().get();
        } catch (ExecutionException e) {
            throw new IOException("compressing a layer failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compressing a layer", e);
        }
    }

    static byte[] member(byte[] chunk) {
        boolean store = entropyBits(chunk) > STORE_ABOVE_BITS;
        Deflater deflater = new Deflater(store ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED, true);
        ByteArrayOutputStream member = new ByteArrayOutputStream(store ? chunk.length + 64 : chunk.length / 2 + 64);
        try {
            member.writeBytes(HEADER);
            deflater.setInput(chunk);
            deflater.finish();
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                member.write(buffer, 0, n);
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(chunk);
        writeIntLe(member, (int) crc.getValue());
        writeIntLe(member, chunk.length);
        return member.toByteArray();
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

    private static void writeIntLe(ByteArrayOutputStream out, int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
