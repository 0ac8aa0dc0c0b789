package io.qkdmodem.agent.postprocessing.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import io.qkdmodem.agent.postprocessing.estimation.DecoyStatistics;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private static final Random R = new Random(31);

    static List<PostProcessingMessage> samples() {
        DecoyStatistics d =
                new DecoyStatistics(
                        new double[] {0.5, 0.1, 0.0},
                        new double[] {0.8, 0.15, 0.05},
                        new long[] {100, 20, 5},
                        new long[] {30, 6, 2},
                        new long[] {1, 1, 1});
        return List.of(
                new SampleDisclosure(1000, 77L, BitVector.random(100, R), Optional.empty()),
                new SampleDisclosure(125, -5L, BitVector.random(13, R), Optional.of(d)),
                new SampleReply(BitVector.random(100, R)),
                new CascadeStart(123456789L, BitVector.random(77, R)),
                new ParityRequest(new int[] {0, 3, 15}, new int[] {1, 99, 123456}),
                new ParityReply(BitVector.random(3, R)),
                new VerifyRequest(new long[] {1, -2}, new long[] {3, 4}),
                new VerifyResult(true, 500, Optional.of(BitVector.random(1499, R))),
                VerifyResult.mismatch(),
                new Abort(3));
    }

    @Test
    void everyMessageRoundTrips() throws Exception {
        for (PostProcessingMessage m : samples()) {
            byte[] e = m.encode();
            assertThat(e[0] & 0xFF).isEqualTo(m.type());
            PostProcessingMessage back = PostProcessingMessage.decode(e);
            assertThat(back.getClass()).isEqualTo(m.getClass());
            assertThat(back.encode()).isEqualTo(e);
        }
    }

    @Test
    void everyTruncationAndTrailingByteIsRejected() {
        for (PostProcessingMessage m : samples()) {
            byte[] e = m.encode();
            for (int cut = 0; cut < e.length; cut++) {
                byte[] t = Arrays.copyOf(e, cut);
                assertThatThrownBy(() -> PostProcessingMessage.decode(t))
                        .as("%s cut at %d", m, cut)
                        .isInstanceOf(MalformedMessageException.class);
            }
            byte[] longer = Arrays.copyOf(e, e.length + 1);
            assertThatThrownBy(() -> PostProcessingMessage.decode(longer))
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void unknownTypesAndBadFlagsAreRejected() {
        assertThatThrownBy(() -> PostProcessingMessage.decode(new byte[] {0x09}))
                .hasMessageContaining("unknown message type");
        assertThatThrownBy(() -> PostProcessingMessage.decode(new byte[] {0x07, 0x02}))
                .isInstanceOf(MalformedMessageException.class);
        // a bit vector with bits set past its length
        byte[] bad = {0x05, 0, 0, 0, 3, (byte) 0xFF};
        assertThatThrownBy(() -> PostProcessingMessage.decode(bad))
                .hasMessageContaining("beyond its length");
        // a huge declared length does not allocate: it fails on the bytes that are missing
        byte[] huge = {0x05, 0x0F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> PostProcessingMessage.decode(huge))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void randomBytesNeverThrowAnythingButMalformed() {
        Random r = new Random(32);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) (1 + r.nextInt(8));
            }
            try {
                PostProcessingMessage.decode(b);
            } catch (MalformedMessageException expected) {
                // fine
            }
        }
    }
}
