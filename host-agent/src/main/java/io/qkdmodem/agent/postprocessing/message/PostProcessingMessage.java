package io.qkdmodem.agent.postprocessing.message;

/**
 * One public-discussion message. The first byte of every encoding is its {@link #type()} code:
 *
 * <table>
 *   <caption>message types</caption>
 *   <tr><th>code</th><th>message</th><th>direction</th></tr>
 *   <tr><td>0x01</td><td>{@link SampleDisclosure}</td><td>Alice to Bob</td></tr>
 *   <tr><td>0x02</td><td>{@link SampleReply}</td><td>Bob to Alice</td></tr>
 *   <tr><td>0x03</td><td>{@link CascadeStart}</td><td>Alice to Bob</td></tr>
 *   <tr><td>0x04</td><td>{@link ParityRequest}</td><td>Bob to Alice</td></tr>
 *   <tr><td>0x05</td><td>{@link ParityReply}</td><td>Alice to Bob</td></tr>
 *   <tr><td>0x06</td><td>{@link VerifyRequest}</td><td>Bob to Alice</td></tr>
 *   <tr><td>0x07</td><td>{@link VerifyResult}</td><td>Alice to Bob</td></tr>
 *   <tr><td>0x08</td><td>{@link Abort}</td><td>either</td></tr>
 * </table>
 */
public sealed interface PostProcessingMessage
        permits SampleDisclosure,
                SampleReply,
                CascadeStart,
                ParityRequest,
                ParityReply,
                VerifyRequest,
                VerifyResult,
                Abort {

    /** Largest bit vector any message may carry (2^28 bits). */
    int MAX_BITS = 1 << 28;

    /** The type code, first byte of the encoding. */
    int type();

    /** The full encoding, type byte first. */
    byte[] encode();

    /** Decodes any message from its type byte; never returns null. */
    static PostProcessingMessage decode(byte[] bytes) throws MalformedMessageException {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedMessageException("empty message");
        }
        ByteReader r = new ByteReader(bytes);
        int type = r.u8("type");
        PostProcessingMessage m =
                switch (type) {
                    case SampleDisclosure.TYPE -> SampleDisclosure.decodeBody(r);
                    case SampleReply.TYPE -> SampleReply.decodeBody(r);
                    case CascadeStart.TYPE -> CascadeStart.decodeBody(r);
                    case ParityRequest.TYPE -> ParityRequest.decodeBody(r);
                    case ParityReply.TYPE -> ParityReply.decodeBody(r);
                    case VerifyRequest.TYPE -> VerifyRequest.decodeBody(r);
                    case VerifyResult.TYPE -> VerifyResult.decodeBody(r);
                    case Abort.TYPE -> Abort.decodeBody(r);
                    default ->
                            throw new MalformedMessageException(
                                    "unknown message type 0x" + Integer.toHexString(type));
                };
        r.end();
        return m;
    }
}
