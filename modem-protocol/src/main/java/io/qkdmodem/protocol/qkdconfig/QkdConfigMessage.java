package io.qkdmodem.protocol.qkdconfig;

import io.qkdmodem.protocol.qkdconfig.QkdConfigException.Reason;
import io.qkdmodem.protocol.wire.ByteReader;
import io.qkdmodem.protocol.wire.ByteWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * The QKD Configuration message of the paper's Fig. 2, immutable. Wire layout, big-endian:
 *
 * <pre>
 * offset size field
 *   0     1   Type
 *   1     1   Protocol
 *   2     1   Version
 *   3     4   Length          whole message in bytes, this field included
 *   7     4   Key-Length      bytes of key wanted
 *  11     2   TTL (bits 15..1) | T (bit 0: 1 = seconds, 0 = messages)
 *  13     1   Authentication
 *  14     1   Encoding
 *  15     n   Content         n = Length - 15 - tagLength(Authentication)
 *  15+n   t   Tag             t = tagLength(Authentication)
 * </pre>
 */
public final class QkdConfigMessage {

    /** Size of the fixed part, Type through Encoding. */
    public static final int HEADER_LENGTH = 15;

    /**
     * Largest message this codec accepts (1 MiB), so a Length field cannot demand a huge buffer.
     */
    public static final int MAX_LENGTH = 1 << 20;

    /** Largest TTL value that fits in 15 bits. */
    public static final int MAX_TTL = 0x7FFF;

    public static final int TYPE_SIZE = 1;
    public static final int PROTOCOL_SIZE = 1;
    public static final int VERSION_SIZE = 1;
    public static final int LENGTH_SIZE = 4;
    public static final int KEY_LENGTH_SIZE = 4;
    public static final int TTL_T_SIZE = 2;
    public static final int AUTHENTICATION_SIZE = 1;
    public static final int ENCODING_SIZE = 1;

    private final QkdType type;
    private final QkdProtocol protocol;
    private final int version;
    private final int keyLengthBytes;
    private final int ttl;
    private final TtlUnit ttlUnit;
    private final QkdAuthentication authentication;
    private final QkdEncoding encoding;
    private final byte[] content;
    private final byte[] tag;

    private QkdConfigMessage(Builder b) {
        this.type = b.type;
        this.protocol = b.protocol;
        this.version = b.version;
        this.keyLengthBytes = b.keyLengthBytes;
        this.ttl = b.ttl;
        this.ttlUnit = b.ttlUnit;
        this.authentication = b.authentication;
        this.encoding = b.encoding;
        this.content = b.content.clone();
        this.tag = b.tag.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preloaded with this message's fields. */
    public Builder toBuilder() {
        return new Builder()
                .type(type)
                .protocol(protocol)
                .version(version)
                .keyLengthBytes(keyLengthBytes)
                .ttl(ttl, ttlUnit)
                .authentication(authentication)
                .encoding(encoding)
                .content(content)
                .tag(tag);
    }

    public QkdType type() {
        return type;
    }

    public QkdProtocol protocol() {
        return protocol;
    }

    public int version() {
        return version;
    }

    public int keyLengthBytes() {
        return keyLengthBytes;
    }

    public int ttl() {
        return ttl;
    }

    public TtlUnit ttlUnit() {
        return ttlUnit;
    }

    public QkdAuthentication authentication() {
        return authentication;
    }

    public QkdEncoding encoding() {
        return encoding;
    }

    /** A copy of the Content field. */
    public byte[] content() {
        return content.clone();
    }

    /** A copy of the Tag field. */
    public byte[] tag() {
        return tag.clone();
    }

    /** The value of the Length field: the whole encoded message in bytes. */
    public int length() {
        return HEADER_LENGTH + content.length + tag.length;
    }

    /**
     * The bytes the Tag is computed over: the encoded message without its Tag field (Length still
     * counts the tag).
     */
    public byte[] authenticatedBytes() {
        byte[] all = encode();
        return Arrays.copyOf(all, all.length - tag.length);
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(length());
        w.u8(type.code())
                .u8(protocol.code())
                .u8(version)
                .u32(length())
                .u32(keyLengthBytes)
                .u16((ttl << 1) | ttlUnit.bit())
                .u8(authentication.code())
                .u8(encoding.code())
                .bytes(content)
                .bytes(tag);
        return w.toByteArray();
    }

    /**
     * Reads the Length field of a message starting at {@code offset}, so a stream reader knows how
     * many bytes to collect. Returns -1 when fewer than 7 bytes are available.
     */
    public static long peekLength(byte[] buf, int offset, int available) {
        if (available < TYPE_SIZE + PROTOCOL_SIZE + VERSION_SIZE + LENGTH_SIZE) {
            return -1;
        }
        return new ByteReader(buf, offset + 3, 4).u32();
    }

    public static QkdConfigMessage decode(byte[] buf) throws QkdConfigException {
        return decode(buf, 0, buf.length);
    }

    /**
     * Decodes exactly one message occupying {@code buf[offset, offset + length)}.
     *
     * @throws QkdConfigException for every malformed input; nothing else escapes
     */
    public static QkdConfigMessage decode(byte[] buf, int offset, int length)
            throws QkdConfigException {
        Objects.checkFromIndexSize(offset, length, buf.length);
        if (length < HEADER_LENGTH) {
            throw new QkdConfigException(
                    Reason.TRUNCATED,
                    length + " bytes, the fixed header alone is " + HEADER_LENGTH);
        }
        ByteReader r = new ByteReader(buf, offset, length);
        int typeCode = r.u8();
        int protocolCode = r.u8();
        int version = r.u8();
        long declared = r.u32();
        long keyLength = r.u32();
        int ttlT = r.u16();
        int authCode = r.u8();
        int encCode = r.u8();

        QkdAuthentication auth = QkdAuthentication.fromCode(authCode);
        if (auth == null) {
            throw new QkdConfigException(
                    Reason.UNKNOWN_AUTHENTICATION, String.format("code 0x%02x", authCode));
        }
        if (declared > MAX_LENGTH) {
            throw new QkdConfigException(
                    Reason.LENGTH_TOO_LARGE, "Length " + declared + " > " + MAX_LENGTH);
        }
        if (declared < HEADER_LENGTH + auth.tagLength()) {
            throw new QkdConfigException(
                    Reason.LENGTH_TOO_SMALL,
                    "Length "
                            + declared
                            + " < header "
                            + HEADER_LENGTH
                            + " + tag "
                            + auth.tagLength());
        }
        if (declared > length) {
            throw new QkdConfigException(
                    Reason.TRUNCATED, "Length " + declared + " but only " + length + " bytes");
        }
        if (declared < length) {
            throw new QkdConfigException(
                    Reason.TRAILING_BYTES,
                    (length - declared) + " bytes after a message of Length " + declared);
        }
        int contentLength = (int) declared - HEADER_LENGTH - auth.tagLength();
        byte[] content = r.bytes(contentLength);
        byte[] tag = r.bytes(auth.tagLength());

        QkdType type = QkdType.fromCode(typeCode);
        if (type == null) {
            throw new QkdConfigException(
                    Reason.UNKNOWN_TYPE, String.format("code 0x%02x", typeCode));
        }
        QkdProtocol protocol = QkdProtocol.fromCode(protocolCode);
        if (protocol == null) {
            throw new QkdConfigException(
                    Reason.UNKNOWN_PROTOCOL, String.format("code 0x%02x", protocolCode));
        }
        QkdEncoding encoding = QkdEncoding.fromCode(encCode);
        if (encoding == null) {
            throw new QkdConfigException(
                    Reason.UNKNOWN_ENCODING, String.format("code 0x%02x", encCode));
        }
        if (keyLength > Integer.MAX_VALUE) {
            throw new QkdConfigException(
                    Reason.INVALID_KEY_LENGTH, "Key-Length " + keyLength + " > 2^31 - 1");
        }
        Builder b =
                builder()
                        .type(type)
                        .protocol(protocol)
                        .version(version)
                        .keyLengthBytes((int) keyLength)
                        .ttl(ttlT >>> 1, TtlUnit.fromBit(ttlT))
                        .authentication(auth)
                        .encoding(encoding)
                        .content(content)
                        .tag(tag);
        b.validate();
        return new QkdConfigMessage(b);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QkdConfigMessage)) {
            return false;
        }
        QkdConfigMessage m = (QkdConfigMessage) o;
        return type == m.type
                && protocol == m.protocol
                && version == m.version
                && keyLengthBytes == m.keyLengthBytes
                && ttl == m.ttl
                && ttlUnit == m.ttlUnit
                && authentication == m.authentication
                && encoding == m.encoding
                && Arrays.equals(content, m.content)
                && Arrays.equals(tag, m.tag);
    }

    @Override
    public int hashCode() {
        int h =
                Objects.hash(
                        type,
                        protocol,
                        version,
                        keyLengthBytes,
                        ttl,
                        ttlUnit,
                        authentication,
                        encoding);
        return 31 * (31 * h + Arrays.hashCode(content)) + Arrays.hashCode(tag);
    }

    /** Field values and sizes only; Content and Tag bytes are never shown. */
    @Override
    public String toString() {
        return "QkdConfigMessage{"
                + type
                + ", "
                + protocol
                + " v"
                + version
                + ", keyLength="
                + keyLengthBytes
                + "B, ttl="
                + ttl
                + " "
                + ttlUnit
                + ", auth="
                + authentication
                + ", encoding="
                + encoding
                + ", content="
                + content.length
                + "B, tag="
                + tag.length
                + "B}";
    }

    /** Builds a message; {@link #build()} rejects inconsistent fields with the rule they break. */
    public static final class Builder {
        private QkdType type;
        private QkdProtocol protocol;
        private int version = 1;
        private int keyLengthBytes;
        private int ttl;
        private TtlUnit ttlUnit = TtlUnit.MESSAGES;
        private QkdAuthentication authentication = QkdAuthentication.NONE;
        private QkdEncoding encoding = QkdEncoding.NONE;
        private byte[] content = new byte[0];
        private byte[] tag = new byte[0];

        private Builder() {}

        /** Optional: defaults to the type the protocol demands. */
        public Builder type(QkdType type) {
            this.type = Objects.requireNonNull(type);
            return this;
        }

        public Builder protocol(QkdProtocol protocol) {
            this.protocol = Objects.requireNonNull(protocol);
            return this;
        }

        /** 1..255; default 1. */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /** 1..2^31-1 bytes of key wanted. */
        public Builder keyLengthBytes(int keyLengthBytes) {
            this.keyLengthBytes = keyLengthBytes;
            return this;
        }

        /** TTL 1..32767 in the given unit. */
        public Builder ttl(int ttl, TtlUnit unit) {
            this.ttl = ttl;
            this.ttlUnit = Objects.requireNonNull(unit);
            return this;
        }

        public Builder authentication(QkdAuthentication authentication) {
            this.authentication = Objects.requireNonNull(authentication);
            return this;
        }

        public Builder encoding(QkdEncoding encoding) {
            this.encoding = Objects.requireNonNull(encoding);
            return this;
        }

        public Builder content(byte[] content) {
            this.content = content.clone();
            return this;
        }

        /** Must have exactly {@code authentication.tagLength()} bytes. */
        public Builder tag(byte[] tag) {
            this.tag = tag.clone();
            return this;
        }

        void validate() throws QkdConfigException {
            if (protocol == null) {
                throw new QkdConfigException(Reason.UNKNOWN_PROTOCOL, "protocol not set");
            }
            if (type == null) {
                type = protocol.type();
            }
            if (type != protocol.type()) {
                throw new QkdConfigException(
                        Reason.TYPE_PROTOCOL_MISMATCH,
                        protocol + " requires Type " + protocol.type() + ", got " + type);
            }
            if (version < 1 || version > 0xFF) {
                throw new QkdConfigException(
                        Reason.INVALID_VERSION, "Version must be 1..255, got " + version);
            }
            if (keyLengthBytes < 1) {
                throw new QkdConfigException(
                        Reason.INVALID_KEY_LENGTH,
                        "Key-Length must be 1..2^31-1 bytes, got " + keyLengthBytes);
            }
            if (ttl < 1 || ttl > MAX_TTL) {
                throw new QkdConfigException(
                        Reason.INVALID_TTL, "TTL must be 1.." + MAX_TTL + ", got " + ttl);
            }
            if (tag.length != authentication.tagLength()) {
                throw new QkdConfigException(
                        Reason.TAG_LENGTH_MISMATCH,
                        authentication
                                + " needs a "
                                + authentication.tagLength()
                                + "-byte tag, got "
                                + tag.length);
            }
            if ((long) HEADER_LENGTH + content.length + tag.length > MAX_LENGTH) {
                throw new QkdConfigException(
                        Reason.LENGTH_TOO_LARGE, "message would exceed " + MAX_LENGTH + " bytes");
            }
        }

        /**
         * @throws IllegalArgumentException naming the broken rule, if the fields are inconsistent
         */
        public QkdConfigMessage build() {
            try {
                validate();
            } catch (QkdConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return new QkdConfigMessage(this);
        }
    }
}
