package io.qkdmodem.agent.postprocessing.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import io.qkdmodem.agent.postprocessing.bits.BitVector;
import io.qkdmodem.agent.postprocessing.message.CascadeStart;
import io.qkdmodem.agent.postprocessing.message.MalformedMessageException;
import io.qkdmodem.agent.postprocessing.message.ParityReply;
import io.qkdmodem.agent.postprocessing.message.ParityRequest;
import io.qkdmodem.agent.postprocessing.message.PostProcessingMessage;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cascade under tampering: one Cascade message (CascadeStart, a ParityRequest or a ParityReply, at
 * a random round) gets one random bit flipped or one random byte replaced on the wire. Every run
 * must end, within a bounded number of messages, with identical keys, with keys that differ (left
 * to verification, which reports the failure), or with a typed error (a malformed message, or a
 * {@link CascadeProtocolException}); never a hang. The frames are those of the discussion: a 2^14
 * bit key cut into four 4096-bit frames, at 2 % and 8 % QBER.
 */
class CascadeTamperTest {

    enum Target {
        CASCADE_START,
        PARITY_REQUEST,
        PARITY_REPLY
    }

    enum Outcome {
        IDENTICAL,
        DIFFERENT,
        MALFORMED,
        REJECTED,
        INCONSISTENT,
        BOUND
    }

    static final int N = 1 << 14;
    static final int FRAME = 4096;

    /** One session; {@code tamperRound < 0} for an honest one. Returns outcome and rounds used. */
    record Result(Outcome outcome, int rounds, long bobLeak, long aliceLeak) {}

    static Result session(
            double qber, long keySeed, Target target, int tamperRound, boolean wholeByte, Random t)
            throws CascadeProtocolException {
        Random r = new Random(keySeed);
        BitVector a = BitVector.random(N, r);
        BitVector b = a.copy();
        for (int i = 0; i < N; i++) {
            if (r.nextDouble() < qber) {
                b.flip(i);
            }
        }
        long permSeed = r.nextLong();
        CascadeSchedule schedule = CascadeSchedule.forQber(FRAME, qber, 16);
        long maxLeak = N;
        CascadeAlice alice =
                new CascadeAlice(new CascadeLayout(N, schedule, permSeed, FRAME), a, maxLeak);
        CascadeBob bob = null;
        int rounds = 0;
        try {
            byte[] start = new CascadeStart(permSeed, alice.topParities()).encode();
            if (target == Target.CASCADE_START && tamperRound >= 0) {
                tamper(start, wholeByte, false, t);
            }
            if (!(PostProcessingMessage.decode(start) instanceof CascadeStart cs)) {
                return new Result(Outcome.MALFORMED, rounds, 0, alice.leakedBits());
            }
            // Bob builds his layout from the seed he received, as the discussion does.
            bob =
                    new CascadeBob(
                            new CascadeLayout(N, schedule, cs.permutationSeed(), FRAME),
                            b,
                            CascadeBob.Scheduling.LOWEST_PASS_FIRST,
                            maxLeak);
            int[][] req = bob.start(cs.topParities());
            while (req != null) {
                rounds++;
                // every round discloses at least one new parity: never more rounds than the leak
                assertThat(rounds).isLessThanOrEqualTo((int) maxLeak);
                byte[] q = new ParityRequest(req[0], req[1]).encode();
                if (target == Target.PARITY_REQUEST && tamperRound == rounds - 1) {
                    tamper(q, wholeByte, false, t);
                }
                if (!(PostProcessingMessage.decode(q) instanceof ParityRequest pq)) {
                    return new Result(Outcome.MALFORMED, rounds, bob.leakedBits(), 0);
                }
                byte[] reply = new ParityReply(alice.answer(pq.passes(), pq.nodes())).encode();
                if (target == Target.PARITY_REPLY && tamperRound == rounds - 1) {
                    tamper(reply, wholeByte, !wholeByte, t);
                }
                if (!(PostProcessingMessage.decode(reply) instanceof ParityReply pr)) {
                    return new Result(Outcome.MALFORMED, rounds, bob.leakedBits(), 0);
                }
                req = bob.onReply(pr.parities());
            }
            assertThat(bob.isDone()).isTrue();
            assertThat(bob.leakedBits()).isLessThanOrEqualTo(maxLeak);
            assertThat(bob.corrections()).isLessThanOrEqualTo(N);
            return new Result(
                    bob.correctedKey().sameBits(a) ? Outcome.IDENTICAL : Outcome.DIFFERENT,
                    rounds,
                    bob.leakedBits(),
                    alice.leakedBits());
        } catch (MalformedMessageException e) {
            return new Result(Outcome.MALFORMED, rounds, 0, 0);
        } catch (CascadeProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
            if (bob != null) {
                assertThat(bob.leakedBits()).isLessThanOrEqualTo(maxLeak);
                assertThat(bob.corrections()).isLessThanOrEqualTo(N);
                if (e.fatal()) {
                    assertThat(bob.hasFailed()).isTrue();
                    CascadeBob ended = bob;
                    org.assertj.core.api.Assertions.assertThatThrownBy(
                                    () -> ended.onReply(new BitVector(1)))
                            .isInstanceOf(CascadeProtocolException.class);
                }
            }
            return new Result(
                    switch (e.kind()) {
                        case INVALID_MESSAGE -> Outcome.REJECTED;
                        case INCONSISTENT_PARITIES -> Outcome.INCONSISTENT;
                        case BOUND_EXCEEDED, LEAK_LIMIT -> Outcome.BOUND;
                    },
                    rounds,
                    bob == null ? 0 : bob.leakedBits(),
                    alice.leakedBits());
        }
    }

    /**
     * Replaces one random byte, or flips one random bit; a bit flip in a ParityReply hits a parity
     * (after the 5-byte header: type, count), the case that used to make Bob loop.
     */
    private static void tamper(byte[] m, boolean wholeByte, boolean payload, Random t) {
        int i = payload && m.length > 5 ? 5 + t.nextInt(m.length - 5) : t.nextInt(m.length);
        if (wholeByte) {
            byte old = m[i];
            do {
                m[i] = (byte) t.nextInt(256);
            } while (m[i] == old);
        } else {
            m[i] ^= (byte) (1 << t.nextInt(8));
        }
    }

    private static java.util.Map<Outcome, Integer> sweep(
            double qber, Target target, boolean wholeByte, int trials, long seed) throws Exception {
        System.out.printf(
                "CascadeTamperTest: qber=%s target=%s byte=%s seed=%d%n",
                qber, target, wholeByte, seed);
        Random t = new Random(seed);
        java.util.Map<Outcome, Integer> seen = new java.util.EnumMap<>(Outcome.class);
        for (int i = 0; i < trials; i++) {
            long keySeed = t.nextLong();
            Result honest = session(qber, keySeed, target, -1, wholeByte, t);
            assertThat(honest.outcome())
                    .as("honest, key seed %d", keySeed)
                    .isIn(Outcome.IDENTICAL, Outcome.DIFFERENT);
            assertThat(honest.bobLeak()).isEqualTo(honest.aliceLeak());
            int round = honest.rounds() == 0 ? 0 : t.nextInt(honest.rounds());
            if (target != Target.CASCADE_START && honest.rounds() == 0) {
                continue;
            }
            Result r = session(qber, keySeed, target, round, wholeByte, t);
            seen.merge(r.outcome(), 1, Integer::sum);
        }
        System.out.println("  outcomes " + seen);
        return seen;
    }

    private static void sweepAll(int trials, long seed) throws Exception {
        for (double q : new double[] {0.02, 0.08}) {
            for (Target target : Target.values()) {
                for (boolean wholeByte : new boolean[] {false, true}) {
                    java.util.Map<Outcome, Integer> seen =
                            sweep(q, target, wholeByte, trials, seed++);
                    assertThat(seen.values().stream().mapToInt(Integer::intValue).sum())
                            .isPositive();
                }
            }
        }
    }

    @Test
    void everyTamperedCascadeMessageEndsWithinBounds() throws Exception {
        sweepAll(25, 0x7A3E);
    }

    @Test
    @Tag("slow")
    void manyTamperedCascadeMessagesEndWithinBounds() throws Exception {
        sweepAll(400, 0x7A3F);
    }

    /**
     * A hostile Alice who answers every request (and the top-level parities) with random bits: Bob
     * ends within his bounds (at most n corrections, the leak limit, one round per new parity) with
     * a typed error or a key left to verification.
     */
    @Test
    void randomParitiesFromAHostileAliceEndWithinBounds() throws Exception {
        long seed = 0xBAD;
        System.out.println("randomParitiesFromAHostileAliceEndWithinBounds seed=" + seed);
        Random t = new Random(seed);
        java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
        for (double q : new double[] {0.02, 0.08}) {
            for (int i = 0; i < 20; i++) {
                BitVector b = BitVector.random(N, t);
                CascadeLayout layout =
                        new CascadeLayout(
                                N, CascadeSchedule.forQber(FRAME, q, 16), t.nextLong(), FRAME);
                long maxLeak = t.nextBoolean() ? N : Long.MAX_VALUE;
                CascadeBob bob =
                        new CascadeBob(layout, b, CascadeBob.Scheduling.LOWEST_PASS_FIRST, maxLeak);
                int rounds = 0;
                String outcome;
                try {
                    int[][] req =
                            bob.start(BitVector.random(CascadeAlice.topParityCount(layout), t));
                    while (req != null) {
                        rounds++;
                        // each round asks for nodes never asked before
                        assertThat((long) rounds).isLessThanOrEqualTo(bob.leakedBits());
                        req = bob.onReply(BitVector.random(req[0].length, t));
                    }
                    outcome = "DONE";
                } catch (CascadeProtocolException e) {
                    assertThat(e.fatal()).isTrue();
                    outcome = e.kind().name();
                }
                assertThat(bob.corrections()).isLessThanOrEqualTo(N);
                assertThat(bob.leakedBits()).isLessThanOrEqualTo(maxLeak);
                seen.merge(outcome, 1, Integer::sum);
            }
        }
        System.out.println("  outcomes " + seen);
        assertThat(seen).containsKey("INCONSISTENT_PARITIES");
    }

    /** A tampered ParityReply at 2 % that contradicts Bob's known parities ends him. */
    @Test
    void contradictingRepliesEndBobWithATypedError() throws Exception {
        long seed = 0xC0FFEE;
        System.out.println("contradictingRepliesEndBobWithATypedError seed=" + seed);
        java.util.Map<Outcome, Integer> seen = sweep(0.02, Target.PARITY_REPLY, false, 60, seed);
        assertThat(seen.getOrDefault(Outcome.INCONSISTENT, 0) + seen.getOrDefault(Outcome.BOUND, 0))
                .as("some tampered replies are caught as contradictions")
                .isPositive();
    }
}
