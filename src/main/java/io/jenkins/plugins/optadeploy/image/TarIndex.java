package io.jenkins.plugins.optadeploy.image;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The regular files of a tar archive by name, read in place with positional reads (safe from several threads).
 * Understands ustar, PAX and GNU long names: what docker, kaniko, buildah and skopeo write. jib-core bundles
 * commons-compress only at run time, so it is not ours to compile against; image tarballs need just this much.
 */
final class TarIndex implements Closeable {
    private static final int BLOCK = 512;

    private record Entry(long offset, long size) {}

    private final FileChannel channel;
    private final Map<String, Entry> files = new HashMap<>();

    private TarIndex(FileChannel channel) {
        this.channel = channel;
    }

    static TarIndex open(Path tar) throws IOException {
        FileChannel channel = FileChannel.open(tar, StandardOpenOption.READ);
        TarIndex index = new TarIndex(channel);
        try {
            index.scan();
            return index;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    boolean contains(String name) {
        return files.containsKey(normalize(name));
    }

    /** The entry's length; -1 when there is none. */
    long size(String name) {
        Entry entry = files.get(normalize(name));
        return entry == null ? -1 : entry.size;
    }

    InputStream open(String name) throws IOException {
        Entry entry = files.get(normalize(name));
        if (entry == null) {
            throw new IOException("no entry " + name);
        }
        return new EntryStream(entry.offset, entry.offset + entry.size);
    }

    private void scan() throws IOException {
        long size = channel.size();
        long position = 0;
        String longName = null;
        ByteBuffer header = ByteBuffer.allocate(BLOCK);
        while (position + BLOCK <= size) {
            header.clear();
            readFully(header, position);
            byte[] h = header.array();
            if (isZero(h)) {
                break;
            }
            verifyChecksum(h, position);
            long entrySize = number(h, 124, 12);
            byte type = h[156];
            long data = position + BLOCK;
            if (entrySize < 0 || data + entrySize > size) {
                throw new EOFException("tar entry at offset " + position + " runs past the end of the file");
            }
            if (type == 'L' || type == 'x') {
                String extended = readString(data, entrySize);
                String name = type == 'L' ? trimNul(extended) : paxPath(extended);
                if (name != null) {
                    longName = name;
                }
            } else if (type != 'g') {
                String name = longName != null ? longName : ustarName(h);
                longName = null;
                if (type == '0' || type == 0 || type == '7') {
                    files.put(normalize(name), new Entry(data, entrySize));
                }
            }
            position = data + (entrySize + BLOCK - 1) / BLOCK * BLOCK;
        }
        if (files.isEmpty()) {
            throw new IOException("no files found in the tar archive");
        }
    }

    private static String normalize(String name) {
        String result = name;
        while (result.startsWith("./")) {
            result = result.substring(2);
        }
        while (result.startsWith("/")) {
            result = result.substring(1);
        }
        return result;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void verifyChecksum(byte[] h, long position) throws IOException {
        long expected = number(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != expected) {
            throw new IOException("not a tar archive (bad header checksum at offset " + position + ")");
        }
    }

    /** Octal, or base-256 when the high bit of the first byte is set (GNU, for sizes over 8 GiB). */
    private static long number(byte[] h, int offset, int length) throws IOException {
        if ((h[offset] & 0x80) != 0) {
            long value = h[offset] & 0x7f;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (h[offset + i] & 0xff);
            }
            return value;
        }
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = h[i];
            if (b == 0 || (b == ' ' && digits)) {
                break;
            }
            if (b == ' ') {
                continue;
            }
            if (b < '0' || b > '7') {
                throw new IOException("not a tar archive (bad number in header)");
            }
            value = value * 8 + (b - '0');
            digits = true;
        }
        return value;
    }

    private static String ustarName(byte[] h) {
        String name = field(h, 0, 100);
        boolean ustar = field(h, 257, 5).equals("ustar");
        String prefix = ustar ? field(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** PAX records are {@code "<length> <key>=<value>\n"}. */
    private static String paxPath(String records) {
        String path = null;
        int i = 0;
        while (i < records.length()) {
            int space = records.indexOf(' ', i);
            if (space < 0) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(records.substring(i, space));
            } catch (NumberFormatException e) {
                break;
            }
            if (length <= 0 || i + length > records.length()) {
                break;
            }
            String record = records.substring(space + 1, i + length - 1);
            if (record.startsWith("path=")) {
                path = record.substring(5);
            }
            i += length;
        }
        return path;
    }

    private String readString(long offset, long length) throws IOException {
        if (length > 1 << 20) {
            throw new IOException("tar extended header of " + length + " bytes is implausible");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        readFully(buffer, offset);
        return new String(buffer.array(), StandardCharsets.UTF_8);
    }

    private void readFully(ByteBuffer buffer, long offset) throws IOException {
        long position = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new EOFException("tar archive ends early");
            }
            position += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private final class EntryStream extends InputStream {
        private long position;
        private final long end;

        EntryStream(long start, long end) {
            this.position = start;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int wanted = (int) Math.min(len, end - position);
            int n = channel.read(ByteBuffer.wrap(b, off, wanted), position);
            if (n < 0) {
                throw new EOFException("tar archive ends early");
            }
            position += n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
