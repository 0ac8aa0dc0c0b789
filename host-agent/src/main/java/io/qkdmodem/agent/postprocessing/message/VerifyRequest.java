package io.qkdmodem.agent.postprocessing.message;

import java.util.Arrays;

/**
 * Bob, whose key was corrected (he does not choose the key), picks the universal-hash keys and
 * sends them with the tag of his corrected key. Body: count u8 (1..16), count x i64 hash keys,
 * count x i64 tag words.
 */
public record VerifyRequest(long[] hashKeys, long[] tag) implements PostProcessingMessage {
    public static final int TYPE = 0x06;

    /** Most hash instances a request may carry. */
    public static final int MAX_INSTANCES = 16;

    public VerifyRequest {
        if (hashKeys.length != tag.length
                || hashKeys.length == 0
                || hashKeys.length > MAX_INSTANCES) {
            throw new IllegalArgumentException("need 1..16 hash keys and as many tag words");
        }
        hashKeys = hashKeys.clone();
        tag = tag.clone();
    }

    @Override
    public long[] hashKeys() {
        return hashKeys.clone();
    }

    @Override
    public long[] tag() {
        return tag.clone();
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public byte[] encode() {
        ByteWriter w = new ByteWriter(2 + 16 * hashKeys.length).u8(TYPE).u8(hashKeys.length);
        for (long k : hashKeys) {
            w.i64(k);
        }
        for (long t : tag) {
            w.i64(t);
        }
        return w.toByteArray();
    }

    static VerifyRequest decodeBody(ByteReader r) throws MalformedMessageException {
        int n = r.u8("count");
        if (n == 0 || n > MAX_INSTANCES) {
            throw new MalformedMessageException("hash instance count must be 1..16, was " + n);
        }
        long[] k = new long[n];
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            k[i] = r.i64("hashKey");
        }
        for (int i = 0; i < n; i++) {
            t[i] = r.i64("tag");
        }
        return new VerifyRequest(k, t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyRequest v
                && Arrays.equals(hashKeys, v.hashKeys)
                && Arrays.equals(tag, v.tag);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hashKeys) * 31 + Arrays.hashCode(tag);
    }

    @Override
    public String toString() {
        return "VerifyRequest[" + hashKeys.length + " instances]";
    }
}
