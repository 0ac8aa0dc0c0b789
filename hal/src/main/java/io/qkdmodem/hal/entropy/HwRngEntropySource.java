package io.qkdmodem.hal.entropy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's hardware RNG device, read raw ({@code /dev/hwrng} by default). */
public final class HwRngEntropySource implements EntropySource {
    private final Path path;
    private final double claimed;
    private final InputStream in;

    /**
     * @param claimedMinEntropyPerByte what this device is assumed to deliver; sizes the health
     *     tests
     */
    public HwRngEntropySource(Path path, double claimedMinEntropyPerByte) throws EntropyException {
        this.path = path;
        this.claimed = claimedMinEntropyPerByte;
        try {
            this.in = new FileInputStream(path.toFile());
        } catch (IOException e) {
            throw new EntropyException("cannot open hardware RNG " + path, e);
        }
    }

    /** Whether a readable hardware RNG device exists at the path. */
    public static boolean isPresent(Path path) {
        if (!Files.isReadable(path)) {
            return false;
        }
        try (InputStream probe = new FileInputStream(path.toFile())) {
            return probe.read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public EntropyKind kind() {
        return EntropyKind.HARDWARE_RNG;
    }

    @Override
    public String description() {
        return "hardware RNG " + path;
    }

    @Override
    public double claimedMinEntropyPerByte() {
        return claimed;
    }

    @Override
    public synchronized void nextBytes(byte[] out) throws EntropyException {
        int off = 0;
        try {
            while (off < out.length) {
                int n = in.read(out, off, out.length - off);
                if (n < 0) {
                    throw new EntropyException("hardware RNG " + path + " reached end of stream");
                }
                off += n;
            }
        } catch (IOException e) {
            throw new EntropyException("reading hardware RNG " + path + " failed", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            in.close();
        } catch (IOException e) {
            // closing a device we only read; nothing to recover
        }
    }
}
