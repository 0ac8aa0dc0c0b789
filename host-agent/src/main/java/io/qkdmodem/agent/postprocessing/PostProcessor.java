package io.qkdmodem.agent.postprocessing;

import io.qkdmodem.agent.postprocessing.PostProcessingException.Kind;
import io.qkdmodem.agent.postprocessing.amplification.ToeplitzHash;
import io.qkdmodem.agent.postprocessing.bits.BitVector;
import io.qkdmodem.agent.postprocessing.cascade.CascadeAlice;
import io.qkdmodem.agent.postprocessing.cascade.CascadeBob;
import io.qkdmodem.agent.postprocessing.cascade.CascadeLayout;
import io.qkdmodem.agent.postprocessing.cascade.CascadeProtocolException;
import io.qkdmodem.agent.postprocessing.cascade.CascadeSchedule;
import io.qkdmodem.agent.postprocessing.estimation.DecoyStatistics;
import io.qkdmodem.agent.postprocessing.estimation.QberEstimate;
import io.qkdmodem.agent.postprocessing.estimation.RandomSample;
import io.qkdmodem.agent.postprocessing.keyrate.Entropy;
import io.qkdmodem.agent.postprocessing.keyrate.FiniteKey;
import io.qkdmodem.agent.postprocessing.message.Abort;
import io.qkdmodem.agent.postprocessing.message.CascadeStart;
import io.qkdmodem.agent.postprocessing.message.MalformedMessageException;
import io.qkdmodem.agent.postprocessing.message.ParityReply;
import io.qkdmodem.agent.postprocessing.message.ParityRequest;
import io.qkdmodem.agent.postprocessing.message.PostProcessingMessage;
import io.qkdmodem.agent.postprocessing.message.SampleDisclosure;
import io.qkdmodem.agent.postprocessing.message.SampleReply;
import io.qkdmodem.agent.postprocessing.message.VerifyRequest;
import io.qkdmodem.agent.postprocessing.message.VerifyResult;
import io.qkdmodem.agent.postprocessing.verification.PolynomialHash;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One party of the post-processing discussion, as a sans-IO state machine: {@link #start()} once,
 * then {@link #handle(PostProcessingMessage)} for every message from the peer; each returns the
 * messages to send, in order. The session ends in {@link State#DONE} (with a {@link FinalKey}) or
 * {@link State#FAILED} (with a {@link FailureReason}); both parties always reach the same end.
 *
 * <p>Flow (A = Alice, whose sifted key is the reference; B = Bob, who corrects his):
 *
 * <pre>
 * A: SampleDisclosure ->                   B: QBER estimate (abort above threshold)
 *                      <- SampleReply      A: same estimate; Cascade block sizes
 * A: CascadeStart (top-level parities) ->
 *                      <- ParityRequest    (one per round, all searches of the round)
 * A: ParityReply       ->                  ... until Bob has no odd block
 *                      <- VerifyRequest    (Bob's hash keys and tag)
 * A: VerifyResult (ok, final length, Toeplitz seed) ->   both hash to the final key
 * </pre>
 *
 * <p>A message that is malformed or unexpected in the current state throws a {@link
 * PostProcessingException} of kind {@link Kind#REJECTED} and changes nothing. Randomness (sample
 * seed, permutation seed, Toeplitz seed, hash keys) comes from the injected {@link Random}: a
 * {@link java.security.SecureRandom} in production, a seeded one in tests.
 */
public final class PostProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(PostProcessor.class);

    /** Which party this is. */
    public enum Role {
        ALICE,
        BOB
    }

    /** Where the discussion stands. */
    public enum State {
        START,
        AWAIT_SAMPLE_DISCLOSURE,
        AWAIT_SAMPLE_REPLY,
        AWAIT_CASCADE_START,
        AWAIT_PARITY_REQUEST,
        AWAIT_PARITY_REPLY,
        AWAIT_VERIFY_RESULT,
        DONE,
        FAILED
    }

    /** Message types each state accepts (Abort is accepted in every non-final state). */
    private static final Map<State, Set<Integer>> EXPECTED = new EnumMap<>(State.class);

    static {
        EXPECTED.put(State.START, Set.of());
        EXPECTED.put(State.AWAIT_SAMPLE_DISCLOSURE, Set.of(SampleDisclosure.TYPE));
        EXPECTED.put(State.AWAIT_SAMPLE_REPLY, Set.of(SampleReply.TYPE));
        EXPECTED.put(State.AWAIT_CASCADE_START, Set.of(CascadeStart.TYPE));
        EXPECTED.put(State.AWAIT_PARITY_REQUEST, Set.of(ParityRequest.TYPE, VerifyRequest.TYPE));
        EXPECTED.put(State.AWAIT_PARITY_REPLY, Set.of(ParityReply.TYPE));
        EXPECTED.put(State.AWAIT_VERIFY_RESULT, Set.of(VerifyResult.TYPE));
        EXPECTED.put(State.DONE, Set.of());
        EXPECTED.put(State.FAILED, Set.of());
    }

    private static final Set<State> FINAL = EnumSet.of(State.DONE, State.FAILED);

    private final Role role;
    private final PostProcessingConfig config;
    private final BitVector sifted;
    private final Optional<DecoyStatistics> decoy;
    private final Random random;
    private final int sampleSize;
    private State state = State.START;

    private BitVector key;
    private BitVector aliceSample;
    private QberEstimate estimate;
    private CascadeAlice cascadeAlice;
    private CascadeBob cascadeBob;
    private long[] hashKeys;
    private int finalLength;
    private FinalKey finalKey;
    private FailureReason failure;

    private PostProcessor(
            Role role,
            PostProcessingConfig config,
            BitVector sifted,
            Optional<DecoyStatistics> decoy,
            Random random) {
        this.role = role;
        this.config = config;
        this.sifted = sifted.copy();
        this.decoy = decoy;
        this.random = random;
        if (decoy.isPresent() && decoy.get().keyBasisTotal() != sifted.length()) {
            throw new IllegalArgumentException(
                    "decoy statistics must count the sifted key bits as key-basis detections");
        }
        this.sampleSize =
                RandomSample.size(sifted.length(), config.sampleFraction(), config.minSampleBits());
        if (sifted.length() - sampleSize < 64) {
            throw new IllegalArgumentException(
                    "sifted key too short: " + sifted.length() + " bits");
        }
    }

    /** Alice's side; {@code sifted} is copied. */
    public static PostProcessor alice(
            PostProcessingConfig config,
            BitVector sifted,
            Optional<DecoyStatistics> decoy,
            Random random) {
        return new PostProcessor(Role.ALICE, config, sifted, decoy, random);
    }

    /** Bob's side; {@code sifted} is copied. */
    public static PostProcessor bob(
            PostProcessingConfig config,
            BitVector sifted,
            Optional<DecoyStatistics> decoy,
            Random random) {
        return new PostProcessor(Role.BOB, config, sifted, decoy, random);
    }

    /** Starts the session: Alice returns her {@link SampleDisclosure}, Bob returns nothing. */
    public List<PostProcessingMessage> start() {
        if (state != State.START) {
            throw new IllegalStateException("already started");
        }
        if (role == Role.BOB) {
            state = State.AWAIT_SAMPLE_DISCLOSURE;
            return List.of();
        }
        long seed = random.nextLong();
        int[] positions = RandomSample.positions(seed, sifted.length(), sampleSize);
        BitVector sample = sifted.select(positions);
        key = sifted.without(positions);
        aliceSample = sample.copy();
        state = State.AWAIT_SAMPLE_REPLY;
        return List.of(new SampleDisclosure(sifted.length(), seed, sample, decoy));
    }

    /** Decodes and handles a message; malformed bytes are rejected without any change. */
    public List<PostProcessingMessage> handle(byte[] encoded) throws PostProcessingException {
        PostProcessingMessage m;
        try {
            m = PostProcessingMessage.decode(encoded);
        } catch (MalformedMessageException e) {
            throw new PostProcessingException(
                    Kind.REJECTED, FailureReason.PROTOCOL_VIOLATION, e.getMessage());
        }
        return handle(m);
    }

    /** Handles one message from the peer and returns the messages to send. */
    public List<PostProcessingMessage> handle(PostProcessingMessage m)
            throws PostProcessingException {
        if (m instanceof Abort a && !FINAL.contains(state)) {
            fail(FailureReason.PEER_ABORTED, "peer aborted: " + FailureReason.fromCode(a.reason()));
            return List.of();
        }
        if (!EXPECTED.get(state).contains(m.type())) {
            throw reject("unexpected " + m.getClass().getSimpleName() + " in state " + state);
        }
        if (m instanceof SampleDisclosure d) {
            return onSampleDisclosure(d);
        } else if (m instanceof SampleReply r) {
            return onSampleReply(r);
        } else if (m instanceof CascadeStart c) {
            return onCascadeStart(c);
        } else if (m instanceof ParityRequest q) {
            return onParityRequest(q);
        } else if (m instanceof ParityReply r) {
            return onParityReply(r);
        } else if (m instanceof VerifyRequest v) {
            return onVerifyRequest(v);
        } else if (m instanceof VerifyResult v) {
            return onVerifyResult(v);
        }
        throw reject("unexpected message");
    }

    private List<PostProcessingMessage> onSampleDisclosure(SampleDisclosure d)
            throws PostProcessingException {
        if (d.aliceSample().length() != sampleSize) {
            throw reject("sample of " + d.aliceSample().length() + " bits, expected " + sampleSize);
        }
        if (d.keyLength() != sifted.length() || !d.decoy().equals(decoy)) {
            return failWithAbort(FailureReason.PARAMETER_MISMATCH, "sifted blocks differ");
        }
        int[] positions = RandomSample.positions(d.sampleSeed(), sifted.length(), sampleSize);
        BitVector bobSample = sifted.select(positions);
        int errors = bobSample.hammingDistance(d.aliceSample());
        key = sifted.without(positions);
        estimate = QberEstimate.of(key.length(), sampleSize, errors, config.epsSec());
        if (estimate.observed() > config.qberAbortThreshold()) {
            fail(FailureReason.QBER_ABOVE_THRESHOLD, "sample QBER above threshold");
        } else {
            state = State.AWAIT_CASCADE_START;
        }
        return List.of(new SampleReply(bobSample));
    }

    private List<PostProcessingMessage> onSampleReply(SampleReply r)
            throws PostProcessingException {
        if (r.bobSample().length() != sampleSize) {
            throw reject("sample of " + r.bobSample().length() + " bits, expected " + sampleSize);
        }
        int errors = aliceSample.hammingDistance(r.bobSample());
        aliceSample.destroy();
        estimate = QberEstimate.of(key.length(), sampleSize, errors, config.epsSec());
        if (estimate.observed() > config.qberAbortThreshold()) {
            fail(FailureReason.QBER_ABOVE_THRESHOLD, "sample QBER above threshold");
            return List.of();
        }
        long seed = random.nextLong();
        CascadeLayout layout = layout(seed);
        cascadeAlice = new CascadeAlice(layout, key, maxLeak());
        try {
            BitVector top = cascadeAlice.topParities();
            state = State.AWAIT_PARITY_REQUEST;
            return List.of(new CascadeStart(seed, top));
        } catch (CascadeProtocolException e) {
            return failWithAbort(FailureReason.LEAK_LIMIT, e.getMessage());
        }
    }

    private List<PostProcessingMessage> onCascadeStart(CascadeStart c)
            throws PostProcessingException {
        CascadeLayout layout = layout(c.permutationSeed());
        CascadeBob bob = new CascadeBob(layout, key, config.scheduling(), maxLeak());
        int[][] req;
        try {
            req = bob.start(c.topParities());
        } catch (CascadeProtocolException e) {
            if (!e.fatal()) {
                bob.destroy();
                throw reject(e.getMessage());
            }
            cascadeBob = bob;
            return cascadeFailed(e);
        }
        cascadeBob = bob;
        return bobNext(req);
    }

    private List<PostProcessingMessage> onParityReply(ParityReply r)
            throws PostProcessingException {
        int[][] req;
        try {
            req = cascadeBob.onReply(r.parities());
        } catch (CascadeProtocolException e) {
            if (!e.fatal()) {
                throw reject(e.getMessage());
            }
            return cascadeFailed(e);
        }
        return bobNext(req);
    }

    /**
     * Bob's Cascade ended on a contradiction or a crossed bound (see {@link CascadeBob}): the
     * session fails and Alice is told.
     */
    private List<PostProcessingMessage> cascadeFailed(CascadeProtocolException e) {
        return failWithAbort(
                e.kind() == CascadeProtocolException.Cause.LEAK_LIMIT
                        ? FailureReason.LEAK_LIMIT
                        : FailureReason.PROTOCOL_VIOLATION,
                e.getMessage());
    }

    private List<PostProcessingMessage> bobNext(int[][] req) {
        if (req != null) {
            state = State.AWAIT_PARITY_REPLY;
            return List.of(new ParityRequest(req[0], req[1]));
        }
        int instances =
                PolynomialHash.instancesFor(key.length(), config.effectiveVerificationBits());
        hashKeys = new long[instances];
        for (int i = 0; i < instances; i++) {
            hashKeys[i] = random.nextLong();
        }
        BitVector corrected = cascadeBob.correctedKey();
        long[] tag = PolynomialHash.tag(corrected, hashKeys);
        corrected.destroy();
        state = State.AWAIT_VERIFY_RESULT;
        return List.of(new VerifyRequest(hashKeys, tag));
    }

    private List<PostProcessingMessage> onParityRequest(ParityRequest q)
            throws PostProcessingException {
        if (cascadeAlice.leakedBits() + q.size() > maxLeak()) {
            return failWithAbort(FailureReason.LEAK_LIMIT, "parity requests exceed the leak limit");
        }
        try {
            BitVector parities = cascadeAlice.answer(q.passes(), q.nodes());
            return List.of(new ParityReply(parities));
        } catch (CascadeProtocolException e) {
            throw reject(e.getMessage());
        }
    }

    private List<PostProcessingMessage> onVerifyRequest(VerifyRequest v)
            throws PostProcessingException {
        int instances =
                PolynomialHash.instancesFor(key.length(), config.effectiveVerificationBits());
        if (v.hashKeys().length != instances) {
            throw reject("verification needs " + instances + " hash instances");
        }
        long[] mine = PolynomialHash.tag(key, v.hashKeys());
        hashKeys = v.hashKeys();
        if (!PolynomialHash.tagsEqual(mine, v.tag())) {
            fail(FailureReason.VERIFICATION_FAILED, "verification tags differ");
            return List.of(VerifyResult.mismatch());
        }
        finalLength = secretLength(cascadeAlice.leakedBits());
        if (finalLength <= 0) {
            return failWithAbort(FailureReason.NO_SECRET_KEY, "finite-key bound leaves no key");
        }
        BitVector seed =
                BitVector.random(ToeplitzHash.seedLength(key.length(), finalLength), random);
        finalKey = new FinalKey(ToeplitzHash.hash(key, seed, finalLength));
        finish();
        return List.of(new VerifyResult(true, finalLength, Optional.of(seed)));
    }

    private List<PostProcessingMessage> onVerifyResult(VerifyResult v)
            throws PostProcessingException {
        if (!v.ok()) {
            fail(FailureReason.VERIFICATION_FAILED, "verification tags differ");
            return List.of();
        }
        int mine = secretLength(cascadeBob.leakedBits());
        if (mine != v.finalLength()) {
            return failWithAbort(FailureReason.PARAMETER_MISMATCH, "final lengths differ");
        }
        BitVector seed = v.toeplitzSeed().orElseThrow();
        if (seed.length() != ToeplitzHash.seedLength(key.length(), mine)) {
            return failWithAbort(
                    FailureReason.PROTOCOL_VIOLATION, "Toeplitz seed has wrong length");
        }
        finalLength = mine;
        BitVector corrected = cascadeBob.correctedKey();
        finalKey = new FinalKey(ToeplitzHash.hash(corrected, seed, mine));
        corrected.destroy();
        finish();
        return List.of();
    }

    /** The finite-key length after subtracting the leak; identical on both sides. */
    private int secretLength(long cascadeLeak) {
        int tagBits = 64 * hashKeys.length;
        double corBits = -Entropy.log2(config.epsCor());
        double leakEc = cascadeLeak + Math.max(0, tagBits - corBits);
        long l;
        if (decoy.isPresent()) {
            // The disclosed sample bits are public: count them as leaked (chain rule).
            l =
                    FiniteKey.lim2014(
                            decoy.get(), leakEc + sampleSize, config.epsSec(), config.epsCor());
        } else {
            l =
                    FiniteKey.tomamichel2012(
                            key.length(),
                            sampleSize,
                            estimate.observed(),
                            leakEc,
                            config.epsSec(),
                            config.epsCor());
        }
        return (int) Math.min(Math.min(l, key.length()), config.maxOutputBits());
    }

    private CascadeLayout layout(long seed) {
        int frame = config.cascadeFrameBits();
        CascadeSchedule schedule =
                CascadeSchedule.forQber(
                        Math.min(key.length(), frame), estimate.observed(), config.cascadePasses());
        return new CascadeLayout(key.length(), schedule, seed, frame);
    }

    private long maxLeak() {
        return (long) Math.floor(config.maxLeakFraction() * key.length());
    }

    private PostProcessingException reject(String why) {
        return new PostProcessingException(Kind.REJECTED, FailureReason.PROTOCOL_VIOLATION, why);
    }

    private List<PostProcessingMessage> failWithAbort(FailureReason reason, String why) {
        fail(reason, why);
        return List.of(new Abort(reason.code()));
    }

    private void fail(FailureReason reason, String why) {
        LOG.info("post-processing ({}) failed: {}: {}", role, reason, why);
        failure = reason;
        state = State.FAILED;
        wipe();
    }

    private void finish() {
        state = State.DONE;
        LOG.debug("post-processing ({}) done: {} secret bits", role, finalLength);
        wipe();
    }

    private void wipe() {
        sifted.destroy();
        if (key != null) {
            key.destroy();
        }
        if (aliceSample != null) {
            aliceSample.destroy();
        }
        if (cascadeAlice != null) {
            cascadeAlice.destroy();
        }
        if (cascadeBob != null) {
            cascadeBob.destroy();
        }
    }

    /** Zeroizes every internal copy of key material and ends the session if still running. */
    public void destroy() {
        if (!FINAL.contains(state)) {
            failure = FailureReason.PEER_ABORTED;
            state = State.FAILED;
        }
        wipe();
        if (finalKey != null) {
            finalKey.destroy();
        }
    }

    public Role role() {
        return role;
    }

    public State state() {
        return state;
    }

    public boolean isFinished() {
        return FINAL.contains(state);
    }

    /** The secret key, once {@link State#DONE}. The caller owns and must destroy it. */
    public Optional<FinalKey> finalKey() {
        return Optional.ofNullable(finalKey);
    }

    /** Why the session failed, once {@link State#FAILED}. */
    public Optional<FailureReason> failure() {
        return Optional.ofNullable(failure);
    }

    /** The QBER estimate from the disclosed sample, once the sample has been compared. */
    public Optional<QberEstimate> estimate() {
        return Optional.ofNullable(estimate);
    }

    /** Public figures of the session so far. */
    public PostProcessingReport report() {
        long leak =
                cascadeAlice != null
                        ? cascadeAlice.leakedBits()
                        : cascadeBob != null ? cascadeBob.leakedBits() : 0;
        int requests =
                cascadeAlice != null
                        ? cascadeAlice.replies()
                        : cascadeBob != null ? cascadeBob.requests() : 0;
        return new PostProcessingReport(
                sifted.length(),
                sampleSize,
                estimate == null ? 0 : estimate.errors(),
                estimate == null ? 0.5 : estimate.phaseErrorUpper(),
                leak,
                requests,
                cascadeBob == null ? 0 : cascadeBob.corrections(),
                hashKeys == null ? 0 : 64 * hashKeys.length,
                finalKey == null ? 0 : finalLength);
    }

    @Override
    public String toString() {
        return "PostProcessor[" + role + ", " + state + "]";
    }
}
