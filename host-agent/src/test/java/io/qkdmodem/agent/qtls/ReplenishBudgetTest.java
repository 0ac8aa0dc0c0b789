package io.qkdmodem.agent.qtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.qtls.message.DecodeException;
import io.qkdmodem.agent.qtls.message.SiftedKeyReference;
import io.qkdmodem.agent.qtls.testing.Agents;
import io.qkdmodem.agent.qtls.testing.NoCorrectionDiscussion;
import io.qkdmodem.agent.qtls.testing.Pump;
import org.junit.jupiter.api.Test;

/**
 * The authentication pool budget (docs/security.md, "Authentication pool budget"): each key block
 * costs each modem at least 32 bytes of tag keys, so the slice a handshake or key refresh returns
 * must be more than that, a whole number of 32-byte tag-key windows, and the same on both sides.
 */
class ReplenishBudgetTest {
    /** Tag keys one key block costs each modem: two Wegman-Carter tags of 16-byte keys. */
    private static final int TAG_KEYS_PER_BLOCK = 32;

    private static Agents agents(long seed, int finalBytes) {
        return new Agents(seed, 0.0, NoCorrectionDiscussion.factory(finalBytes));
    }

    @Test
    void theDefaultSliceLetsThePoolGrow() {
        Agents a = agents(1, 4096);
        int slice = a.server.build().replenishBytes();
        // 32 would only break even with a block that costs exactly its two tags and nothing more.
        assertThat(slice).isGreaterThanOrEqualTo(4 * TAG_KEYS_PER_BLOCK);
        assertThat(slice % TAG_KEYS_PER_BLOCK).isZero();
    }

    @Test
    void sliceSizesThatAreNotWholeTagKeyWindowsAreRefused() {
        Agents a = agents(2, 4096);
        for (int bad : new int[] {0, -32, 48, 100, 4128}) {
            assertThatThrownBy(() -> a.server.replenishBytes(bad).build())
                    .as("replenishBytes %d", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("multiple of 32");
        }
        assertThat(a.server.replenishBytes(64).build().replenishBytes()).isEqualTo(64);
    }

    @Test
    void theServersSliceGovernsBothSides() throws Exception {
        Agents a = agents(3, 4096);
        a.server.replenishBytes(96);
        a.client.replenishBytes(160);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        assertThat(o.clientFailure()).isNull();
        assertThat(o.serverFailure()).isNull();
        // Both modems' authentication pools grow by the same bytes.
        assertThat(a.keys.replenishedBytes(true)).isEqualTo(96);
        assertThat(a.keys.replenishedBytes(false)).isEqualTo(96);
    }

    @Test
    void aSliceTheDistilledKeyCannotSpareFailsTheHandshakeClearly() throws Exception {
        // K is 32 bytes; 32 + 128 > 100 distilled bytes.
        Agents a = agents(4, 100);
        a.server.replenishBytes(128);
        QtlsClientProtocol c = a.newClient();
        QtlsServerProtocol s = a.newServer();
        c.connect();
        Pump.Outcome o = Pump.run(c, s);
        QtlsFatalAlert f = o.serverFailure() != null ? o.serverFailure() : o.clientFailure();
        assertThat(f).isNotNull();
        assertThat(f.description()).isEqualTo(AlertDescription.KEY_DISTILLATION_FAILED);
        assertThat(f.getMessage()).contains("replenish-bytes 128");
        assertThat(a.keys.replenishedBytes(true)).isZero();
        assertThat(a.keys.replenishedBytes(false)).isZero();
    }

    @Test
    void aReferenceAnnouncingABadSliceDoesNotDecode() {
        byte[] good = new SiftedKeyReference(new byte[] {1}, 1024, 1100, 1000, 40, 64).encodeBody();
        byte[] bad = good.clone();
        bad[bad.length - 1] = 48; // 48 bytes: not whole tag-key windows
        assertThatThrownBy(() -> SiftedKeyReference.decode(bad))
                .isInstanceOf(DecodeException.class);
        bad[bad.length - 1] = 0;
        bad[bad.length - 2] = 0; // 0 bytes: the pools could only shrink
        assertThatThrownBy(() -> SiftedKeyReference.decode(bad))
                .isInstanceOf(DecodeException.class);
    }
}
