package io.qkdmodem.protocol.message;

import io.qkdmodem.protocol.qkdconfig.QkdConfigException;
import io.qkdmodem.protocol.qkdconfig.QkdConfigMessage;
import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.WireUnderflowException;

/** Decodes payloads into messages; the one place where payload parse errors are converted. */
public final class Messages {

    private Messages() {}

    /**
     * The message of {@code type} (a request or, with {@code response}, an answer) whose payload is
     * {@code payload}, which must be consumed exactly.
     *
     * @throws MessageFormatException for a payload that does not parse; nothing else escapes
     */
    public static Message decode(MessageType type, boolean response, byte[] payload)
            throws MessageFormatException {
        ByteReader r = new ByteReader(payload);
        Message m;
        try {
            m = response ? decodeResponse(type, r, payload) : decodeRequest(type, r, payload);
        } catch (WireUnderflowException e) {
            throw new MessageFormatException(type + (response ? " response" : "") + " truncated");
        } catch (IllegalArgumentException e) {
            throw new MessageFormatException(type + ": " + e.getMessage());
        }
        if (r.remaining() != 0) {
            throw new MessageFormatException(
                    type
                            + (response ? " response" : "")
                            + ": "
                            + r.remaining()
                            + " trailing bytes");
        }
        return m;
    }

    private static Role role(int code) throws MessageFormatException {
        Role role = Role.fromCode(code);
        if (role == null) {
            throw new MessageFormatException("unknown role " + code);
        }
        return role;
    }

    private static int u31(long v, String what) throws MessageFormatException {
        if (v > Integer.MAX_VALUE) {
            throw new MessageFormatException(what + " " + v + " above 2^31-1");
        }
        return (int) v;
    }

    private static boolean bool(int v) throws MessageFormatException {
        if (v > 1) {
            throw new MessageFormatException("boolean byte " + v);
        }
        return v == 1;
    }

    private static Message decodeRequest(MessageType type, ByteReader r, byte[] payload)
            throws MessageFormatException {
        switch (type) {
            case HELLO:
                {
                    int min = r.u8();
                    int max = r.u8();
                    Role role = role(r.u8());
                    long caps = r.u32();
                    byte[] nonce = r.bytes(HelloRequest.NONCE_LENGTH);
                    byte[] id = Strings.readId(r);
                    String sw = Strings.read(r);
                    return new HelloRequest(min, max, role, caps, nonce, id, sw);
                }
            case AUTH:
                return new AuthRequest(r.bytes(AuthRequest.PROOF_LENGTH));
            case STATUS:
                return new StatusRequest();
            case RESERVE:
                {
                    long id = r.u64();
                    long epoch = r.u64();
                    int bits = u31(r.u32(), "bits");
                    int mode = r.u8();
                    return switch (mode) {
                        case ReserveRequest.MODE_BITS -> ReserveRequest.of(epoch, id, bits);
                        case ReserveRequest.MODE_REFERENCE ->
                                new ReserveRequest(id, epoch, bits, KeyRef.read(r));
                        case ReserveRequest.MODE_WHOLE_BLOCK ->
                                ReserveRequest.wholeBlock(epoch, id, bits);
                        default -> throw new MessageFormatException("RESERVE mode " + mode);
                    };
                }
            case FETCH:
                return new FetchRequest(
                        KeyRef.read(r), u31(r.u32(), "offset"), u31(r.u32(), "maxLength"));
            case CONSUME:
                return new ConsumeRequest(KeyRef.read(r));
            case CONFIGURE:
                try {
                    QkdConfigMessage c = QkdConfigMessage.decode(payload);
                    r.skip(payload.length);
                    return new ConfigureRequest(c);
                } catch (QkdConfigException e) {
                    throw new MessageFormatException("CONFIGURE: " + e.getMessage());
                }
            case REPLENISH:
                {
                    KeyRef ref = KeyRef.read(r);
                    if (r.remaining() < 1) {
                        throw new MessageFormatException("REPLENISH without material");
                    }
                    return new ReplenishRequest(ref, r.bytes(r.remaining()));
                }
            case SUBSCRIBE:
                return new SubscribeRequest((int) r.u32());
            case COUNTS:
                return new CountsRequest(KeyRef.read(r));
            case EVENT:
                {
                    int k = r.u8();
                    EventKind kind = EventKind.fromCode(k);
                    if (kind == null) {
                        throw new MessageFormatException("unknown event kind " + k);
                    }
                    return new EventMessage(kind, r.u64());
                }
            default:
                throw new MessageFormatException(type + " is not a request");
        }
    }

    private static Message decodeResponse(MessageType type, ByteReader r, byte[] payload)
            throws MessageFormatException {
        switch (type) {
            case HELLO:
                {
                    int version = r.u8();
                    Role role = role(r.u8());
                    long caps = r.u32();
                    byte[] nonce = r.bytes(HelloRequest.NONCE_LENGTH);
                    byte[] id = Strings.readId(r);
                    String fw = Strings.read(r);
                    return new HelloResponse(version, role, caps, nonce, id, fw);
                }
            case AUTH:
                return new AuthResponse(r.bytes(AuthRequest.PROOF_LENGTH));
            case STATUS:
                return new StatusResponse(
                        r.u64(),
                        r.u64(),
                        r.u64(),
                        r.u8(),
                        r.u8(),
                        r.u32(),
                        r.u32(),
                        r.u32(),
                        r.u32(),
                        bool(r.u8()));
            case RESERVE:
                return new ReserveResponse(r.u64(), KeyRef.read(r), u31(r.u32(), "bits"));
            case FETCH:
                {
                    int offset = u31(r.u32(), "offset");
                    int total = u31(r.u32(), "totalLength");
                    return new FetchResponse(offset, total, r.bytes(r.remaining()));
                }
            case CONSUME:
                return new ConsumeResponse(bool(r.u8()));
            case CONFIGURE:
                return new ConfigureResponse();
            case REPLENISH:
                {
                    int outcome = r.u8();
                    if (outcome > ReplenishResponse.PASSED) {
                        throw new MessageFormatException("REPLENISH outcome " + outcome);
                    }
                    return new ReplenishResponse(outcome, r.u64());
                }
            case SUBSCRIBE:
                return new SubscribeResponse((int) r.u32());
            case COUNTS:
                {
                    long block = r.u64();
                    int blockBits = u31(r.u32(), "blockBits");
                    int offset = u31(r.u32(), "bitOffset");
                    int length = u31(r.u32(), "bitLength");
                    boolean recorded = bool(r.u8());
                    long[] counts = new long[CountsResponse.KINDS * CountsResponse.CELLS];
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = r.u64();
                        if (counts[i] < 0) {
                            throw new MessageFormatException("count out of range");
                        }
                    }
                    return new CountsResponse(block, blockBits, offset, length, recorded, counts);
                }
            case ERROR:
                {
                    int code = r.u16();
                    ErrorCode e = ErrorCode.fromCode(code);
                    if (e == null || !e.onWire()) {
                        throw new MessageFormatException(
                                String.format("unknown error code 0x%04x", code));
                    }
                    return new ErrorResponse(e, Strings.read(r));
                }
            default:
                throw new MessageFormatException(type + " has no response");
        }
    }
}
