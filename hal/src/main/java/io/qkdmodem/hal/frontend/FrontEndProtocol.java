package io.qkdmodem.hal.frontend;

import java.nio.ByteBuffer;

/**
 * Constants and byte layouts of the SPI front-end protocol, version 1 (docs/hal.md). Sans-IO: only
 * builds and checks byte arrays. All integers big-endian.
 *
 * <pre>
 * request (one transfer):   0xA5 | cmd (1) | len (2) | payload (len) | crc16 (2) over cmd..payload
 * response header (4 zero bytes clocked):   0x5A | status (1) | len (2)
 * response body (len + 2 zero bytes clocked): payload (len) | crc16 (2) over status..payload
 * </pre>
 *
 * While no response is pending the front-end clocks out 0x00, so a header not starting with 0x5A
 * means "nothing to read". A new request drops any unread response. CRC is CRC-16/CCITT-FALSE (poly
 * 0x1021, init 0xFFFF). Transfers are at most {@link #MAX_TRANSFER} bytes (spidev's default
 * buffer).
 */
public final class FrontEndProtocol {
    public static final int VERSION = 1;
    public static final int MAX_TRANSFER = 4096;
    public static final byte REQUEST_SYNC = (byte) 0xA5;
    public static final byte RESPONSE_SYNC = (byte) 0x5A;
    public static final int HEADER = 4;

    public static final int CMD_HELLO = 0x01;
    public static final int CMD_LOAD_SEED = 0x10;
    public static final int CMD_FIRE = 0x20;
    public static final int CMD_ARM = 0x30;
    public static final int CMD_READ_CLICKS = 0x31;
    public static final int CMD_STATUS = 0x40;
    public static final int CMD_SAFE = 0x7F;

    public static final int STATUS_OK = 0;
    public static final int STATUS_BAD_CRC = 1;
    public static final int STATUS_UNKNOWN_COMMAND = 2;
    public static final int STATUS_BAD_LENGTH = 3;
    public static final int STATUS_NOT_LOADED = 4;
    public static final int STATUS_NOT_READY = 5;
    public static final int STATUS_NO_SUCH_FRAME = 6;
    public static final int STATUS_TOO_LARGE = 7;
    public static final int STATUS_BAD_ORDER = 8;
    public static final int STATUS_INTERNAL = 9;

    /** Not sent by the front-end: the board's own verdict on a corrupt or missing answer. */
    public static final int STATUS_CORRUPT = 0x100;

    /** Payload lengths. */
    public static final int LOAD_SEED_LEN = 8 + 4 + 16 + 4 + 4;

    public static final int FIRE_LEN = 8;
    public static final int ARM_LEN = 8 + 4 + 16;
    public static final int READ_CLICKS_LEN = 8 + 4 + 2;
    public static final int HELLO_RESPONSE_LEN = 1 + 1 + 4 + 8 + 1 + 1;
    public static final int CLICK_RECORD = 5;

    /** Click records per READ_CLICKS answer so the body fits one transfer. */
    public static final int MAX_CLICKS_PER_READ = (MAX_TRANSFER - 6 - 2) / CLICK_RECORD;

    private FrontEndProtocol() {}

    /** Encodes one request transfer. */
    public static byte[] request(int cmd, byte[] payload) {
        if (payload.length + 6 > MAX_TRANSFER) {
            throw new IllegalArgumentException("request too long for one transfer");
        }
        ByteBuffer b = ByteBuffer.allocate(payload.length + 6);
        b.put(REQUEST_SYNC).put((byte) cmd).putShort((short) payload.length).put(payload);
        int crc = crc16(b.array(), 1, 3 + payload.length);
        b.putShort((short) crc);
        return b.array();
    }

    /** Encodes a whole response (header and body) as the front-end clocks it out. */
    public static byte[] response(int status, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length + 2);
        b.put(RESPONSE_SYNC).put((byte) status).putShort((short) payload.length).put(payload);
        int crc = crc16(b.array(), 1, 3 + payload.length);
        b.putShort((short) crc);
        return b.array();
    }

    /** CRC-16/CCITT-FALSE; check value of "123456789" is 0x29B1. */
    public static int crc16(byte[] data, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= (data[i] & 0xff) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }

    public static String statusName(int status) {
        return switch (status) {
            case STATUS_OK -> "OK";
            case STATUS_BAD_CRC -> "BAD_CRC";
            case STATUS_UNKNOWN_COMMAND -> "UNKNOWN_COMMAND";
            case STATUS_BAD_LENGTH -> "BAD_LENGTH";
            case STATUS_NOT_LOADED -> "NOT_LOADED";
            case STATUS_NOT_READY -> "NOT_READY";
            case STATUS_NO_SUCH_FRAME -> "NO_SUCH_FRAME";
            case STATUS_TOO_LARGE -> "TOO_LARGE";
            case STATUS_BAD_ORDER -> "BAD_ORDER";
            case STATUS_INTERNAL -> "INTERNAL";
            case STATUS_CORRUPT -> "CORRUPT_ANSWER";
            default -> "0x" + Integer.toHexString(status);
        };
    }
}
