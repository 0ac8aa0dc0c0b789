package io.qkdmodem.hal.frontend;

import io.qkdmodem.hal.HalException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The board's request/response engine over an {@link SpiLink}: one request transfer, then a header
 * read and a body read, CRC-checked. A request is retried (at most {@link #RETRIES} times) when the
 * answer is corrupt or missing, since every command is idempotent for a given frame id.
 */
public final class FrontEndClient {
    public static final int RETRIES = 3;

    private final SpiLink spi;

    public FrontEndClient(SpiLink spi) {
        this.spi = Objects.requireNonNull(spi, "spi");
    }

    /**
     * Sends a request and returns the response payload when the status is OK.
     *
     * @throws FrontEndException for an error status (not retried) or an answer still corrupt after
     *     the retries
     */
    public byte[] call(int cmd, byte[] payload) throws HalException {
        byte[] req = FrontEndProtocol.request(cmd, payload);
        FrontEndException last = null;
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            spi.transfer(req, new byte[req.length]);
            byte[] header = new byte[FrontEndProtocol.HEADER];
            spi.transfer(new byte[FrontEndProtocol.HEADER], header);
            if (header[0] != FrontEndProtocol.RESPONSE_SYNC) {
                last =
                        new FrontEndException(
                                FrontEndProtocol.STATUS_CORRUPT,
                                "no answer to 0x" + Integer.toHexString(cmd));
                continue;
            }
            int status = header[1] & 0xff;
            int len = (header[2] & 0xff) << 8 | header[3] & 0xff;
            if (len + 2 > FrontEndProtocol.MAX_TRANSFER) {
                last = new FrontEndException(FrontEndProtocol.STATUS_CORRUPT, "answer too long");
                continue;
            }
            byte[] body = new byte[len + 2];
            spi.transfer(new byte[len + 2], body);
            byte[] check = new byte[3 + len];
            System.arraycopy(header, 1, check, 0, 3);
            System.arraycopy(body, 0, check, 3, len);
            int crc = (body[len] & 0xff) << 8 | body[len + 1] & 0xff;
            if (FrontEndProtocol.crc16(check, 0, check.length) != crc) {
                last =
                        new FrontEndException(
                                FrontEndProtocol.STATUS_CORRUPT, "answer failed its CRC");
                continue;
            }
            if (status == FrontEndProtocol.STATUS_BAD_CRC) {
                last = new FrontEndException(status, "front-end saw a corrupt request");
                continue;
            }
            if (status != FrontEndProtocol.STATUS_OK) {
                throw new FrontEndException(
                        status, "command 0x" + Integer.toHexString(cmd) + " refused");
            }
            return Arrays.copyOf(body, len);
        }
        throw last;
    }

    /** The front-end's HELLO answer. */
    public record Hello(
            int version,
            boolean transmitter,
            boolean receiver,
            int maxSlotsPerFrame,
            long maxSlotRate,
            int detectors,
            boolean passive) {}

    public Hello hello() throws HalException {
        byte[] r = call(FrontEndProtocol.CMD_HELLO, new byte[0]);
        if (r.length != FrontEndProtocol.HELLO_RESPONSE_LEN) {
            throw new FrontEndException(FrontEndProtocol.STATUS_CORRUPT, "bad HELLO answer");
        }
        ByteBuffer b = ByteBuffer.wrap(r);
        int version = b.get() & 0xff;
        int roles = b.get() & 0xff;
        return new Hello(
                version,
                (roles & 1) != 0,
                (roles & 2) != 0,
                b.getInt(),
                b.getLong(),
                b.get() & 0xff,
                b.get() != 0);
    }
}
