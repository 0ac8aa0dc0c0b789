package io.qkdmodem.agent.postprocessing.message;

import java.util.Arrays;

/**
 * Bob asks for Alice's parities of Cascade tree nodes. Node {@code i} is {@code (passes[i],
 * nodes[i])}: the pass index and the node index inside that pass's forest (see {@code
 * io.qkdmodem.agent.postprocessing.cascade.CascadeLayout}). Body: count u32, then count x (pass u8,
 * node u32).
 */
public record ParityRequest(int[] passes, int[] nodes) implements PostProcessingMessage {
    public static final int TYPE = 0x04;

    public ParityRequest {
        if (passes.length != nodes.length) {
            throw new IllegalArgumentException("passes and nodes differ in length");
        }
        passes = passes.clone();
        nodes = nodes.clone();
    }

    public int size() {
        return passes.length;
    }

    public int pass(int i) {
        return passes[i];
    }

    public int node(int i) {
        return nodes[i];
    }

    @Override
    public int[] passes() {
        return passes.clone();
    }

    @Override
    public int[] nodes() {
        return nodes.clone();
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public byte[] encode() {
        ByteWriter w = new ByteWriter(5 + 5 * passes.length).u8(TYPE).u32(passes.length);
        for (int i = 0; i < passes.length; i++) {
            w.u8(passes[i]).u32(nodes[i]);
        }
        return w.toByteArray();
    }

    static ParityRequest decodeBody(ByteReader r) throws MalformedMessageException {
        int n = r.u32Max("count", MAX_BITS);
        int[] p = new int[Math.min(n, 1 << 16)];
        int[] q = new int[p.length];
        for (int i = 0; i < n; i++) {
            if (i == p.length) {
                p = Arrays.copyOf(p, Math.min(n, p.length * 2));
                q = Arrays.copyOf(q, p.length);
            }
            p[i] = r.u8("pass");
            q[i] = r.u32Max("node", Integer.MAX_VALUE);
        }
        return new ParityRequest(p, q);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParityRequest pr
                && Arrays.equals(passes, pr.passes)
                && Arrays.equals(nodes, pr.nodes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(passes) * 31 + Arrays.hashCode(nodes);
    }

    @Override
    public String toString() {
        return "ParityRequest[" + passes.length + " nodes]";
    }
}
