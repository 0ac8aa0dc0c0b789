package io.qkdmodem.keystore.flash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A NOR flash kept in an image file (the firmware's default flash, e.g. on a board's SD card).
 *
 * <p>File layout: the flash contents ({@code capacity} bytes, byte for byte), then a trailer: one
 * u64 erase count per block, magic {@code "QKNORIMG"}, u32 page size, u32 block size, u32 block
 * count, u64 endurance, u32 CRC-32C of the trailer so far (all big-endian). {@link #sync()} forces
 * the file to stable storage (fsync). The NOR rules are enforced on the image exactly as on a chip;
 * SD cards and eMMC overwrite in place underneath, so "erased" bytes may survive in the card's
 * flash translation layer: the key store encrypts records for that reason.
 */
public final class FileNorFlash implements NorFlash {
    private static final byte[] MAGIC =
            "QKNORIMG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Magic, page size, block size, block count, endurance. */
    private static final int FIXED = 8 + 4 + 4 + 4 + 8;

    private final FlashGeometry geometry;
    private final FileChannel ch;
    private final long[] erases;
    private final byte[] scratch;

    private FileNorFlash(FlashGeometry geometry, FileChannel ch, long[] erases) {
        this.geometry = geometry;
        this.ch = ch;
        this.erases = erases;
        this.scratch = new byte[geometry.blockSize()];
    }

    /** Creates (or truncates) an image: fully erased, erase counts zero, synced. */
    public static FileNorFlash create(Path file, FlashGeometry geometry) {
        try {
            FileChannel ch =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            FileNorFlash f = new FileNorFlash(geometry, ch, new long[geometry.blockCount()]);
            byte[] ff = new byte[geometry.blockSize()];
            Arrays.fill(ff, (byte) 0xFF);
            for (int b = 0; b < geometry.blockCount(); b++) {
                f.writeFully(geometry.blockAddress(b), ff, 0, ff.length);
            }
            f.writeTrailer();
            ch.force(true);
            return f;
        } catch (IOException e) {
            throw new FlashException("cannot create flash image " + file, e);
        }
    }

    /** Opens an existing image; its geometry comes from the trailer. */
    public static FileNorFlash open(Path file) {
        try {
            long size = Files.size(file);
            if (size < FIXED + 4) {
                throw new FlashException(file + " is not a flash image");
            }
            FileChannel ch =
                    FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                ByteBuffer fixed = ByteBuffer.allocate(FIXED + 4);
                readFully(ch, size - fixed.capacity(), fixed);
                fixed.flip();
                byte[] m = new byte[MAGIC.length];
                fixed.get(m);
                int page = fixed.getInt();
                int block = fixed.getInt();
                int count = fixed.getInt();
                long endurance = fixed.getLong();
                int storedCrc = fixed.getInt();
                if (!Arrays.equals(m, MAGIC)
                        || count < 4
                        || block <= 0
                        || (long) block * count + 8L * count + FIXED + 4 != size) {
                    throw new FlashException(file + " is not a flash image");
                }
                FlashGeometry g = new FlashGeometry(page, block, count, endurance);
                ByteBuffer counts = ByteBuffer.allocate(8 * count);
                readFully(ch, g.capacity(), counts);
                CRC32C crc = new CRC32C();
                crc.update(counts.array());
                crc.update(fixed.array(), 0, FIXED);
                if ((int) crc.getValue() != storedCrc) {
                    throw new FlashException("flash image trailer of " + file + " is corrupt");
                }
                counts.flip();
                long[] erases = new long[count];
                for (int i = 0; i < count; i++) {
                    erases[i] = counts.getLong();
                }
                return new FileNorFlash(g, ch, erases);
            } catch (RuntimeException | IOException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new FlashException("cannot open flash image " + file, e);
        }
    }

    @Override
    public FlashGeometry geometry() {
        return geometry;
    }

    @Override
    public void read(long address, byte[] dst, int off, int len) {
        NorFlash.checkRange(geometry, address, len);
        try {
            readFully(ch, address, ByteBuffer.wrap(dst, off, len));
        } catch (IOException e) {
            throw new FlashException("read failed at " + address, e);
        }
    }

    @Override
    public void program(long address, byte[] src, int off, int len) {
        NorFlash.checkRange(geometry, address, len);
        int done = 0;
        while (done < len) {
            int n = Math.min(scratch.length, len - done);
            read(address + done, scratch, 0, n);
            for (int i = 0; i < n; i++) {
                if ((~scratch[i] & src[off + done + i] & 0xFF) != 0) {
                    throw new FlashException.ProgramViolation(address + done + i);
                }
            }
            done += n;
        }
        // Checked everything first so a violation writes nothing; now write.
        try {
            writeFully(address, src, off, len);
        } catch (IOException e) {
            throw new FlashException("program failed at " + address, e);
        }
    }

    @Override
    public void erase(int block) {
        if (block < 0 || block >= geometry.blockCount()) {
            throw new IndexOutOfBoundsException("block " + block);
        }
        if (erases[block] >= geometry.endurance()) {
            throw new FlashException.WornOut(block, erases[block]);
        }
        erases[block]++;
        byte[] ff = new byte[geometry.blockSize()];
        Arrays.fill(ff, (byte) 0xFF);
        try {
            writeFully(geometry.blockAddress(block), ff, 0, ff.length);
            writeTrailer();
        } catch (IOException e) {
            throw new FlashException("erase failed for block " + block, e);
        }
    }

    @Override
    public long eraseCount(int block) {
        return erases[block];
    }

    @Override
    public void sync() {
        try {
            ch.force(false);
        } catch (IOException e) {
            throw new FlashException("fsync failed", e);
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeTrailer() throws IOException {
        ByteBuffer t = ByteBuffer.allocate(8 * erases.length + FIXED + 4);
        for (long e : erases) {
            t.putLong(e);
        }
        t.put(MAGIC)
                .putInt(geometry.pageSize())
                .putInt(geometry.blockSize())
                .putInt(geometry.blockCount());
        t.putLong(geometry.endurance());
        CRC32C crc = new CRC32C();
        crc.update(t.array(), 0, t.position());
        t.putInt((int) crc.getValue());
        writeFully(geometry.capacity(), t.array(), 0, t.capacity());
    }

    private void writeFully(long at, byte[] src, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(src, off, len);
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    private static void readFully(FileChannel ch, long at, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) {
                throw new IOException("unexpected end of image at " + at);
            }
            at += n;
        }
    }
}
