package io.qkdmodem.keystore.flash;

/** A failure reported by a flash device. */
public class FlashException extends RuntimeException {
    public FlashException(String message) {
        super(message);
    }

    public FlashException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A program tried to turn a 0 bit back into 1 (only an erase can). Nothing was written. */
    public static final class ProgramViolation extends FlashException {
        public ProgramViolation(long address) {
            super("program would set a 0 bit to 1 at address " + address);
        }
    }

    /** The block has reached its endurance limit and no longer erases. */
    public static final class WornOut extends FlashException {
        public WornOut(int block, long erases) {
            super("block " + block + " worn out after " + erases + " erases");
        }
    }

    /** Power was cut (fault injection); the device refuses every call until it is revived. */
    public static final class PowerLost extends FlashException {
        public PowerLost() {
            super("power lost");
        }
    }
}
